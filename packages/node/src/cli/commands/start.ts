import type { Command } from 'commander';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { DEMO_PASSWORD, DEMO_ROLES } from '@puente/demo';
import { CliError, configFrom, type NodeOptions } from '../shared';
import { startNode, type RunningNode } from '../../node';
import { REPO_ROOT, loadConfig, type Config } from '../../config';
import { createLogger } from '../../logger';
import { loadDemoWorld } from '../../demo/load';
import { systemActor } from '../../identity/index';
import { listPartners, outboxStatus, pairWith, runJobsNow } from '../../federation/index';
import { demoAgreements, establishAgreements, type AgreementView } from '../../services/federation/agreements';

type T = (key: string, vars?: Record<string, unknown>) => string;

export function registerStart(program: Command, t: T) {
  program
    .command('start')
    .description(t('cli.start'))
    .option('--port <n>', t('cli.start.port'))
    .option('--host <host>', t('cli.start.host'))
    .option('--data <dir>', t('cli.opt.data'))
    .option('--country <code>', t('cli.opt.country'))
    .option('--demo', t('cli.start.demo'), false)
    .option('--pair', t('federation.demo.option'), false)
    .action(async (opts: NodeOptions & { demo: boolean; pair: boolean }) => {
      const webDir = join(REPO_ROOT, 'packages', 'web', 'dist');
      process.env.PUENTE_SERVING = '1';
      if (opts.pair) return startPairCommand(opts, existsSync(webDir) ? webDir : null, t);
      const config = configFrom(opts);
      const node = await startNode(config, { demo: opts.demo, webDir: existsSync(webDir) ? webDir : null, listen: true });
      console.log(t('cli.start.listening', { country: config.country, url: node.url }));
      if (opts.demo) console.log(t('cli.start.demoUsers', { password: DEMO_PASSWORD, users: demoUsernames(config.country) }));
      const shutdown = async () => { await node.close(); process.exit(0); };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    });
}

const demoUsernames = (country: string) => DEMO_ROLES.map((r) => `${country.toLowerCase()}.${r}`).join(', ');

// ---------------------------------------------------------------------------------------------------
// The two-node demo (issue 6): `npm start` runs the Mexico node and the U.S. node side by side.

export interface DemoPairOptions {
  /** Folder holding the two nodes' data folders (`mx/`, `us/`); default .puente-data/federation. */
  baseDir?: string;
  host?: string;
  /** The Mexico node's port (default 4000; 0: any free port); the U.S. node's, default mxPort + 1 (0 with 0). */
  mxPort?: number;
  usPort?: number;
  webDir?: string | null;
  logLevel?: string;
  /** Other settings for both nodes (tests: federationIntervalMs…). */
  config?: Partial<Config>;
  /** Run the federation worker in the background (default: yes). */
  worker?: boolean;
  /** Wait for the first share scan and delivery each way before returning (default: no, the worker does it). */
  waitForExchange?: boolean;
  /** Called as each node is ready (loaded and listening): the Mexico node's UI is usable before the U.S. node starts. */
  onNodeReady?: (node: RunningNode, country: 'MX' | 'US') => void;
}

export interface DemoPair {
  mx: RunningNode;
  us: RunningNode;
  /** The demo agreements in force on both nodes. */
  agreements: AgreementView[];
  /** Records each node holds from its partner when startDemoPair returns. */
  copies: { mx: number; us: number };
  close(): Promise<void>;
}

/**
 * Starts the demo world's Mexico node and U.S. node in this process, each with its own data folder and embedded
 * PGlite store, listening on its own port. Each loads only its own share of the demo world (no ready-made copies
 * of the partner's records); then each pins the other's Ed25519 key (the exact key, read from the other node: no
 * trust on first use), and the demo agreements are proposed by the Mexico node and signed by the U.S. node (both
 * through signed federation messages). The partner's shareable records then cross as federation delivers them:
 * the background worker scans and delivers (or, with `waitForExchange`, one scan and delivery each way runs before
 * this returns). Idempotent: a second start finds the stores, pairings and agreements in place.
 */
export async function startDemoPair(opts: DemoPairOptions = {}): Promise<DemoPair> {
  const base = opts.baseDir ?? join(REPO_ROOT, '.puente-data', 'federation');
  const mxPort = opts.mxPort ?? 4000;
  const usPort = opts.usPort ?? (mxPort === 0 ? 0 : mxPort + 1);
  const configOf = (country: 'MX' | 'US', port: number): Config => ({
    // Each node has its own embedded store; a DATABASE_URL would put both in one database.
    ...loadConfig({ dataDir: join(base, country.toLowerCase()), country, port, host: opts.host, ...(opts.logLevel ? { logLevel: opts.logLevel } : {}), ...opts.config }),
    databaseUrl: null,
  });
  const start = async (config: Config) => {
    const log = createLogger({ level: config.logLevel }).child({ node: config.nodeId });
    const node = await startNode(config, { demo: false, webDir: opts.webDir ?? null, listen: true, log, federationWorker: opts.worker ?? true });
    try {
      // The node's own share only: the partner's records come through federation.
      await loadDemoWorld(node.ctx, systemActor(node.ctx.node), { partnerCopies: false });
      await node.node.catalog.refresh(node.ctx.db, { force: true });
      return node;
    } catch (err) {
      await node.close();
      throw err;
    }
  };
  // One after the other: both run on this process's one thread, so starting them together only delays both; this way
  // the Mexico node is usable as soon as a single node would be.
  const mx = await start(configOf('MX', mxPort));
  opts.onNodeReady?.(mx, 'MX');
  let us: RunningNode;
  try {
    us = await start(configOf('US', usPort));
  } catch (err) {
    await mx.close();
    throw err;
  }
  opts.onNodeReady?.(us, 'US');
  const close = async () => { await Promise.allSettled([mx.close(), us.close()]); };
  try {
    const agreements = await federateDemoPair(mx, us);
    if (opts.waitForExchange) await exchangeNow(mx, us);
    const copies = {
      mx: await countCopies(mx),
      us: await countCopies(us),
    };
    return { mx, us, agreements, copies, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Pairs two running demo nodes (each pins the other's exact key; a key that changed because a data folder was
 * deleted is replaced, since both keys are read here from the nodes themselves) and puts the demo agreements in
 * force on both.
 */
export async function federateDemoPair(mx: RunningNode, us: RunningNode): Promise<AgreementView[]> {
  const a = mx.ctx, b = us.ctx;
  await pairWith(a, systemActor(a.node), { url: us.url, fingerprint: b.app.nodeKey.keyId, replace: true });
  await pairWith(b, systemActor(b.node), { url: mx.url, fingerprint: a.app.nodeKey.keyId, replace: true });
  return establishAgreements(a, b, demoAgreements({ nodes: { mx: a.node.id, us: b.node.id } }));
}

/** One share scan and delivery from each node to the other (what the worker does every few seconds). */
export async function exchangeNow(...nodes: RunningNode[]): Promise<void> {
  for (const n of nodes) {
    await runJobsNow(n.ctx, ['share-scan']);
    await runJobsNow(n.ctx, ['outbox']);
  }
}

async function countCopies(n: RunningNode): Promise<number> {
  const r = await n.ctx.db.selectFrom('entities').select((eb) => eb.fn.countAll<string>().as('n')).where('locked', '=', true).executeTakeFirst();
  return Number(r?.n ?? 0);
}

async function announceWhenDelivered(pair: DemoPair, t: T): Promise<void> {
  const started = Date.now();
  let last = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 5000));
    try {
      const pending = (await Promise.all([pair.mx, pair.us].map(async (n) => {
        const [p] = await listPartners(n.ctx.db);
        return p ? (await outboxStatus(n.ctx.db, p.nodeId)).pending : 0;
      }))).reduce((x, y) => x + y, 0);
      const copies = `${await countCopies(pair.mx)}/${await countCopies(pair.us)}`;
      if (pending === 0 && copies === last && copies !== '0/0') {
        const [mx, us] = copies.split('/');
        console.log(t('federation.demo.delivered', { mx, us, seconds: ((Date.now() - started) / 1000).toFixed(0) }));
        return;
      }
      last = copies;
    } catch {
      return; // closing
    }
  }
}

async function startPairCommand(opts: NodeOptions & { demo: boolean }, webDir: string | null, t: T): Promise<void> {
  if (opts.country !== undefined) throw new CliError('cli.error.badOption', { option: '--country', value: opts.country });
  const port = opts.port === undefined ? 4000 : Number(opts.port);
  if (!Number.isInteger(port) || port < 1 || port > 65534) throw new CliError('cli.error.badOption', { option: '--port', value: opts.port });
  const started = Date.now();
  console.log(t('federation.demo.starting'));
  const pair = await startDemoPair({
    baseDir: opts.data, host: opts.host, mxPort: port, webDir,
    onNodeReady(node, country) {
      console.log(t('cli.start.listening', { country, url: node.url }));
      console.log(`  ${t('cli.start.demoUsers', { password: DEMO_PASSWORD, users: demoUsernames(country) })}`);
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(t('federation.demo.ready', {
    seconds, agreements: pair.agreements.filter((a) => a.active).length, mx: pair.copies.mx, us: pair.copies.us,
    mxKey: pair.mx.ctx.app.nodeKey.keyId, usKey: pair.us.ctx.app.nodeKey.keyId,
  }));
  // Tell when the first exchange is over (the worker delivers in the background).
  void announceWhenDelivered(pair, t);
  console.log(t('federation.demo.try', { mx: pair.mx.url, us: pair.us.url }));
  const shutdown = async () => { await pair.close(); process.exit(0); };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
