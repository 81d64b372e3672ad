/**
 * A node in a child process, started the way an operator starts one (`puente start`), so that a test can kill it
 * with SIGKILL — no shutdown hook, no flush — and start it again on the same data folder and port.
 *
 *   const n = await startChildNode({ port, dataDir, country: 'MX', nodeId: 'mx-node' });
 *   n.kill('SIGKILL'); await n.exited;
 *
 * The child uses the embedded PGlite store under dataDir (DATABASE_URL is cleared for it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/config';

export interface ChildNode {
  url: string;
  proc: ChildProcess;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>;
  /** What the child wrote, for messages when it fails. */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (the node closes cleanly) and waits for the exit. */
  stop(): Promise<void>;
}

export interface ChildNodeOptions {
  port: number;
  dataDir: string;
  country: 'MX' | 'US';
  nodeId: string;
  env?: Record<string, string>;
  /** How long to wait for the node to answer (default 120 s: a loaded machine, migrations on first start). */
  readyTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startChildNode(opts: ChildNodeOptions): Promise<ChildNode> {
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: '', PUENTE_NODE_ID: opts.nodeId, PUENTE_DATA_DIR: opts.dataDir, LOG_LEVEL: process.env.PUENTE_TEST_LOG ?? 'warn',
    PUENTE_RATE_LIMIT: '100000', ...opts.env,
  };
  const proc = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'packages/node/src/cli/main.ts'), 'start',
    '--host', '127.0.0.1', '--port', String(opts.port), '--data', opts.dataDir, '--country', opts.country], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b) => { out = (out + b.toString()).slice(-20_000); });
  proc.stderr!.on('data', (b) => { out = (out + b.toString()).slice(-20_000); });
  const exited = new Promise<number | string | null>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = `http://127.0.0.1:${opts.port}`;
  const child: ChildNode = {
    url, proc, exited, output: () => out,
    kill: (signal) => { proc.kill(signal); },
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 120_000);
  let gone = false;
  void exited.then(() => { gone = true; });
  for (;;) {
    if (gone) throw new Error(`child node exited before answering:\n${out}`);
    try {
      const res = await fetch(`${url}/api/federation/identity`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return child;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`child node did not answer within ${opts.readyTimeoutMs ?? 120_000} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
