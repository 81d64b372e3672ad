// What `npm start` and `npm test` need before they run, done only when missing: the dependencies
// (npm ci) and a web UI built from the current sources (vite build).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args) => {
  const r = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

export function ensureInstalled() {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return;
  console.log('Installing dependencies (npm ci) …');
  run(['ci', '--no-audit', '--no-fund']);
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

/** Builds the web UI when it is missing or older than its sources (web and the i18n catalogue). */
export function ensureWebBuilt() {
  const index = join(root, 'packages', 'web', 'dist', 'index.html');
  const sources = Math.max(newest(join(root, 'packages', 'web', 'src')), newest(join(root, 'packages', 'i18n', 'src')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  console.log('Building the web UI (vite build) …');
  run(['run', 'build:web', '--silent']);
}
