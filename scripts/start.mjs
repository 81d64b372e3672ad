#!/usr/bin/env node
// `npm start`: install if needed, build the web UI if it is missing or stale, then start a node with the
// embedded database and the demo world. Extra arguments go to `puente start` (e.g. -- --country US --port 4001).
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ensureInstalled, ensureWebBuilt } from './prepare.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureInstalled();
ensureWebBuilt();

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), 'start', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
