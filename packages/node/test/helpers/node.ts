/**
 * A real node for tests: fresh storage (in-memory PGlite, or a database of its own on the server named
 * by DATABASE_URL — see ./store.ts), listening on 127.0.0.1 on a free port, spoken to over HTTP.
 *
 *   const t = await startTestNode({ demo: true });
 *   const cookie = await t.login('mx.analyst');            // DEMO_PASSWORD, default purpose
 *   await fetch(`${t.url}/api/search?q=gonzalez`, { headers: { cookie } });
 *   await t.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { startNode, type RunningNode } from '../../src/node';
import { createLogger } from '../../src/logger';
import { openTestStore } from './store';
import type { Entity, RecordMeta } from '@puente/model';
import type { Role } from '../../src/context';
import { createAgency, createUser, systemActor } from '../../src/identity/index';
import { importRecords } from '../../src/services/import';

/** The documented demo credential (packages/demo DEMO_PASSWORD); repeated here so that helpers not using
 *  the demo world do not load the generator. */
export const TEST_PASSWORD = 'puente-demo-2026';

export interface TestNodeOptions {
  demo?: boolean;
  country?: 'MX' | 'US';
  /** Requests per minute per client (default: high, so tests are not throttled). */
  rateLimitPerMinute?: number;
  loginRateLimitPerMinute?: number;
  /** Serve a built web UI from this folder (default: none). */
  webDir?: string | null;
  /** Which store: default PGlite, or the server named by DATABASE_URL when it is set; 'server' always uses a database
   *  of its own on the PostgreSQL server (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test). */
  store?: 'default' | 'pglite' | 'server';
  /** Run the federation worker in the background (default: no; tests call runJobsNow). */
  federationWorker?: boolean;
  /** Node id (default: <country>-node). */
  nodeId?: string;
  /** Other settings (e.g. federationRetryBaseMs). */
  config?: Partial<Config>;
}

export interface TestNode {
  url: string;
  node: RunningNode;
  /** Logs in over HTTP and returns the Cookie header value for later requests. The purpose defaults to
   *  'criminal_investigation' (the demo analysts' default); pass null to log in without one. */
  login(username: string, purpose?: string | null, password?: string): Promise<string>;
  /** fetch() against the node with an optional session cookie; JSON bodies are encoded. */
  request(path: string, init?: { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestNode(opts: TestNodeOptions = {}): Promise<TestNode> {
  const store = await openTestStore(opts.store ?? 'default');
  const dataDir = mkdtempSync(join(tmpdir(), 'puente-node-'));
  const config = loadConfig({
    dataDir, host: '127.0.0.1', port: 0, country: opts.country ?? 'MX', nodeId: opts.nodeId,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 100_000, logLevel: process.env.PUENTE_TEST_LOG ?? 'silent',
    ...opts.config,
  });
  let node: RunningNode;
  try {
    node = await startNode(config, {
      demo: opts.demo ?? false, webDir: opts.webDir ?? null, store,
      log: createLogger({ level: config.logLevel }),
      loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 1000,
      federationWorker: opts.federationWorker ?? false,
    });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = node.url;

  const request: TestNode['request'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.cookie) headers.cookie = init.cookie;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(`${url}${path}`, { method: init.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  };

  return {
    url,
    node,
    request,
    async login(username, purpose = 'criminal_investigation', password = TEST_PASSWORD) {
      const res = await request('/api/auth/login', { body: { username, password, purpose } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('puente_session='));
      if (!cookie) throw new Error(`login ${username}: no session cookie`);
      return cookie.split(';')[0];
    },
    async close() {
      await node.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// A small named world for API tests (STYLE.md habit 6: fixtures we wrote ourselves).


export const FIXTURE_AGENCIES = [
  { id: 'mx-uif', country: 'MX', name: 'Unidad de Inteligencia Financiera', nameEn: 'Financial Intelligence Unit', nameEs: 'Unidad de Inteligencia Financiera' },
  { id: 'mx-fgr', country: 'MX', name: 'Fiscalía General de la República', nameEn: 'Attorney General', nameEs: 'Fiscalía General de la República' },
  { id: 'us-fincen', country: 'US', name: 'Financial Crimes Enforcement Network', nameEn: 'FinCEN', nameEs: 'FinCEN' },
] as const;

export const FIXTURE_USERS: Array<{ username: string; agencyId: string; roles: Role[] }> = [
  { username: 'mx.analyst', agencyId: 'mx-uif', roles: ['analyst'] },
  { username: 'mx.supervisor', agencyId: 'mx-uif', roles: ['supervisor'] },
  { username: 'mx.fgr.analyst', agencyId: 'mx-fgr', roles: ['analyst'] },
  { username: 'mx.auditor', agencyId: 'mx-uif', roles: ['auditor'] },
  { username: 'mx.admin', agencyId: 'mx-uif', roles: ['admin'] },
  { username: 'us.analyst', agencyId: 'us-fincen', roles: ['analyst'] },
];

const meta = (m: Partial<RecordMeta>): RecordMeta => ({
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node', legalBasis: 'LFPIORPI art. 17',
  purposes: ['criminal_investigation'], retentionUntil: '2031-12-31', dataset: 'fixture', originNode: 'mx-node', ...m,
});

/**
 * - JOSE (Person, mx-uif, node): owns ABARROTES through OWN_JOSE; directs FGR_HOLDINGS through DIR_JOSE.
 * - MARIA (Person, mx-uif, agency only) owns ABARROTES through OWN_MARIA (agency only): hidden from mx-fgr.
 * - ABARROTES (Company, mx-uif, bilateral): visible to the U.S. partner as well.
 * - FGR_HOLDINGS (Company, mx-fgr, agency only): hidden from mx-uif.
 * - ANA (Person, mx-fgr, node) serves public_health only.
 */
export const FIXTURE: Entity[] = [
  { id: 'fx-jose', schema: 'Person', properties: { name: ['José González'], birthDate: ['1970-04-02'], nationality: ['mx'] }, meta: meta({}) },
  { id: 'fx-maria', schema: 'Person', properties: { name: ['María Secreta Núñez'] }, meta: meta({ distribution: 'agency' }) },
  { id: 'fx-abarrotes', schema: 'Company', properties: { name: ['Abarrotes Núñez, S.A. de C.V.'], jurisdiction: ['mx'] },
    meta: meta({ distribution: 'bilateral', purposes: ['criminal_investigation', 'financial_intelligence'] }) },
  { id: 'fx-fgr-holdings', schema: 'Company', properties: { name: ['Fiscal Holdings'] }, meta: meta({ ownerAgency: 'mx-fgr', distribution: 'agency' }) },
  { id: 'fx-ana', schema: 'Person', properties: { name: ['Ana Pública'] }, meta: meta({ ownerAgency: 'mx-fgr', purposes: ['public_health'] }) },
  { id: 'fx-own-jose', schema: 'Ownership', properties: { owner: ['fx-jose'], asset: ['fx-abarrotes'], percentage: ['60'] }, meta: meta({}) },
  { id: 'fx-own-maria', schema: 'Ownership', properties: { owner: ['fx-maria'], asset: ['fx-abarrotes'] }, meta: meta({ distribution: 'agency' }) },
  { id: 'fx-dir-jose', schema: 'Directorship', properties: { director: ['fx-jose'], organization: ['fx-fgr-holdings'] }, meta: meta({}) },
];

/** Agencies, users (password TEST_PASSWORD) and FIXTURE, written through the services as the node itself. */
export async function seedFixture(t: TestNode): Promise<void> {
  const { ctx } = t.node;
  for (const a of FIXTURE_AGENCIES) await createAgency(ctx.db, a);
  for (const u of FIXTURE_USERS) await createUser(ctx.db, { ...u, displayName: u.username, password: TEST_PASSWORD });
  await importRecords(ctx, systemActor(ctx.node), (async function* () {
    let line = 0;
    for (const entity of FIXTURE) yield { line: ++line, entity };
  })(), { file: 'fixture' });
}

/** Parses a JSON response, failing with the body when the status is not the expected one. */
export async function json<T = any>(res: Response, status = 200): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}
