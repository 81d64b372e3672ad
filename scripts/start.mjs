#!/usr/bin/env node
// `npm start`: install if needed, build the web UI if it is missing or stale, then start a node with the
// embedded database and the demo world. Extra arguments go to `puente start` (e.g. -- --country US --port 4001).
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (npm ci) …');
  run(npm, ['ci', '--no-audit', '--no-fund']);
}

function newest(dir) {
  let t = 0;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}
const index = join(root, 'packages', 'web', 'dist', 'index.html');
const sources = Math.max(newest(join(root, 'packages', 'web', 'src')), newest(join(root, 'packages', 'i18n', 'src')));
if (!existsSync(index) || statSync(index).mtimeMs < sources) {
  console.log('Building the web UI (vite build) …');
  run(npm, ['run', 'build:web', '--silent']);
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'packages/node/src/cli/main.ts'), 'start', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
