/**
 * B7 · Platform: FtM JSON-lines import into the embedded store, API p99 latency under 50 concurrent
 * clients on loopback (entity read, search), and cold start of `npm start` to a usable UI.
 * The node under load runs in its own process, so the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from '../main';
import { importBench } from './platform-import';

const root = new URL('../../../../', import.meta.url).pathname;
const cli = join(root, 'packages/node/src/cli/main.ts');

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function waitFor(url: string, timeoutMs: number, ok: (r: Response, body: string) => boolean): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      const body = await r.text();
      if (ok(r, body)) return true;
    } catch { /* not up yet */ }
    await new Promise((res) => setTimeout(res, 50));
  }
  return false;
}

function spawnNode(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', cli, 'start', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((res) => child.once('exit', res));
}

/** Cold start: from spawning `npm start`'s node to the UI's index.html and /api/health both answering. */
async function coldStart(port: number, dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs'), '--port', String(port), '--data', dataDir], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const up = await waitFor(`${base}/api/health`, 120_000, (r) => r.ok)
    && await waitFor(`${base}/`, 10_000, (r, body) => r.ok && body.includes('<div id="root">'));
  const ms = performance.now() - t0;
  await stop(child);
  return up ? ms : NaN;
}

interface LoadResult { requests: number; errors: number; p50: number; p99: number; rps: number }

/** One GET on a kept-alive connection; resolves with the status once the whole body has arrived. */
function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/**
 * `clients` loops, each on its own kept-alive connection, issue requests back to back for `seconds`;
 * latencies from send to full body. The client is node:http, as lean as autocannon's, because it shares
 * the two cores with the node under test (fetch/undici cost about twice the CPU per request).
 */
async function load(clients: number, seconds: number, next: (i: number) => { url: string; headers: Record<string, string> }): Promise<LoadResult> {
  const lat: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const { url, headers } = next(n++);
      const t = performance.now();
      try {
        const status = await get(agent, url, headers);
        if (status < 200 || status >= 300) errors++;
      } catch { errors++; }
      lat.push(performance.now() - t);
    }
  }));
  agent.destroy();
  lat.sort((a, b) => a - b);
  return { requests: lat.length, errors, p50: percentile(lat, 50), p99: percentile(lat, 99), rps: lat.length / seconds };
}

async function apiLatency(port: number, dataDir: string, seconds: number) {
  const child = spawnNode(['--demo', '--port', String(port), '--data', dataDir], { PUENTE_RATE_LIMIT: '100000000' });
  const base = `http://127.0.0.1:${port}`;
  try {
    if (!(await waitFor(`${base}/api/health`, 180_000, (r) => r.ok))) throw new Error('node did not start');
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'mx.analyst', password: (await import('@puente/demo')).DEMO_PASSWORD, purpose: 'criminal_investigation' }),
    });
    if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { cookie };
    // Queries: surnames and given names common in the demo world; ids: what those searches return.
    const terms = ['garcia', 'hernandez', 'martinez', 'lopez', 'gonzalez', 'rodriguez', 'perez', 'sanchez', 'ramirez', 'torres',
      'flores', 'rivera', 'gomez', 'diaz', 'cruz', 'morales', 'smith', 'johnson', 'williams', 'brown', 'jose luis', 'maria', 'sa de cv', 'llc'];
    const ids = new Set<string>();
    for (const q of terms) {
      const r = await fetch(`${base}/api/search?q=${encodeURIComponent(q)}&limit=50`, { headers });
      const body = (await r.json()) as { results?: Array<{ id: string }> };
      for (const x of body.results ?? []) ids.add(x.id);
    }
    const idList = [...ids];
    if (!idList.length) throw new Error('no readable entities found for the load');
    // Warm-up, then measure.
    await load(10, 2, (i) => ({ url: `${base}/api/entities/${encodeURIComponent(idList[i % idList.length])}`, headers }));
    const read = await load(50, seconds, (i) => ({ url: `${base}/api/entities/${encodeURIComponent(idList[(i * 7919) % idList.length])}`, headers }));
    await load(10, 2, (i) => ({ url: `${base}/api/search?q=${encodeURIComponent(terms[i % terms.length])}`, headers }));
    const search = await load(50, seconds, (i) => ({ url: `${base}/api/search?q=${encodeURIComponent(terms[(i * 31) % terms.length])}&limit=20`, headers }));
    return { read, search, entitiesRead: idList.length };
  } finally {
    await stop(child);
  }
}

export async function platformBench(args: string[]): Promise<BenchResult> {
  const quick = args.includes('--quick');
  const work = mkdtempSync(join(tmpdir(), 'puente-bench-'));
  const metrics: BenchResult['metrics'] = [];
  const notes: string[] = [];
  try {
    // 1. Import.
    const imp = await importBench(work, quick ? 20_000 : 100_000, quick ? 1 : 3);
    metrics.push({ metric: 'import FtM JSON lines → embedded PGlite', value: Math.round(imp.median), unit: 'entities/s', bar: '≥ 20,000', pass: imp.median >= 20_000 });
    notes.push(`import: ${imp.entities} entities (${imp.statements} statements) per run, runs ${imp.runs.map((r) => Math.round(r)).join(', ')} entities/s; peak RSS ${imp.peakRssMb} MB`);

    // 2. API latency under 50 concurrent clients.
    const seconds = quick ? 5 : 15;
    const api = await apiLatency(47_311, join(work, 'api-node'), seconds);
    metrics.push({ metric: 'API entity read p99, 50 clients', value: round(api.read.p99), unit: 'ms', bar: '≤ 50 ms', pass: api.read.p99 <= 50 });
    metrics.push({ metric: 'API search p99, 50 clients', value: round(api.search.p99), unit: 'ms', bar: '≤ 200 ms', pass: api.search.p99 <= 200 });
    notes.push(`entity read: ${api.read.requests} requests in ${seconds} s (${Math.round(api.read.rps)}/s), p50 ${round(api.read.p50)} ms, errors ${api.read.errors}; ${api.entitiesRead} distinct entities`);
    notes.push(`search: ${api.search.requests} requests in ${seconds} s (${Math.round(api.search.rps)}/s), p50 ${round(api.search.p50)} ms, errors ${api.search.errors}`);

    // 3. Cold start of npm start (after install: web UI built, store template made by the first store ever
    //    created): first start (loads the demo world) and a restart. Also once without the store template,
    //    as the very first start after `npm ci` runs.
    const runs = quick ? 1 : 3;
    const fresh: number[] = [];
    const warm: number[] = [];
    const templates = join(root, 'node_modules/.cache/puente');
    const aside = join(work, 'template-aside');
    renameSync(templates, aside);
    const untemplated = await coldStart(47_420, join(work, 'cold-untemplated'));
    rmSync(templates, { recursive: true, force: true });
    renameSync(aside, templates);
    for (let i = 0; i < runs; i++) {
      const dir = join(work, `cold-${i}`);
      fresh.push(await coldStart(47_400 + i, dir));
      warm.push(await coldStart(47_410 + i, dir));
    }
    metrics.push({ metric: 'cold start of npm start to usable UI (first start, demo load)', value: round(median(fresh) / 1000, 2), unit: 's', bar: '≤ 15 s', pass: median(fresh) <= 15_000 });
    metrics.push({ metric: 'restart of npm start to usable UI (store exists)', value: round(median(warm) / 1000, 2), unit: 's', bar: '≤ 15 s', pass: median(warm) <= 15_000 });
    notes.push(`cold start runs (ms): first ${fresh.map((x) => Math.round(x)).join(', ')}; restart ${warm.map((x) => Math.round(x)).join(', ')}; `
      + `very first start after npm ci, before the store template exists: ${Math.round(untemplated)}`);
    return { name: 'platform', metrics, notes };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
