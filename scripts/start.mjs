#!/usr/bin/env node
// `npm start`: install if needed, build the web UI if it is missing or stale, then start the demo world's Mexico
// node (port 4000) and U.S. node (4001) side by side, each with its own embedded database, paired and federated
// (`puente start --demo --pair`). With arguments, one node: they go to `puente start --demo`
// (e.g. -- --country US --port 4001).
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { ensureInstalled, ensureWebBuilt } from './prepare.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureInstalled();
ensureWebBuilt();

const args = process.argv.slice(2);
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), 'start', '--demo', ...(args.length ? args : ['--pair'])], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
