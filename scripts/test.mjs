#!/usr/bin/env node
// Runs every test file with node's own test runner (TypeScript through tsx).
// Usage: npm test [-- <path filter>]   e.g. npm test -- audit
// The last lines are node's summary (# pass N / # fail N), which CI reads.
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureInstalled, ensureWebBuilt } from './prepare.mjs';

const root = new URL('..', import.meta.url).pathname;
const filter = process.argv.slice(2);
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.test\.tsx?$/.test(name)) files.push(relative(root, p));
  }
}
for (const pkg of readdirSync(join(root, 'packages'))) {
  const testDir = join(root, 'packages', pkg, 'test');
  try { if (statSync(testDir).isDirectory()) walk(testDir); } catch { /* package without tests */ }
}
const selected = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
selected.sort();
if (!selected.length) { console.error('no test files matched'); process.exit(1); }
// A fresh clone installs first; the browser tests drive the built UI, so build it when missing or stale.
ensureInstalled();
if (selected.some((f) => f.startsWith('packages/web/'))) ensureWebBuilt();
mkdirSync(join(root, '.tmp'), { recursive: true });
const tap = join(root, '.tmp', `tap-${process.pid}.txt`);
const args = ['--import', 'tsx', '--test', '--test-concurrency=2',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...selected];
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
const text = readFileSync(tap, 'utf8');
const count = (k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const store = process.env.DATABASE_URL ? 'postgresql server' : 'embedded PGlite';
console.log(`\nstore: ${store}`);
console.log(`${count('pass')} passed, ${count('fail')} failed, ${count('skipped')} skipped`);
process.exit(r.status ?? 1);
