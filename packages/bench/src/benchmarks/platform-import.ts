/**
 * B7 import: FtM JSON lines (the demo generator's people, companies, addresses and links, written to a
 * file first) imported into a fresh embedded PGlite store persisted on disk, through the same service
 * path as `puente import` (parse, validate, authorise, write, audit).
 */
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generateEntities, writeWorldFtm } from '@puente/demo';
import { loadConfig } from '../../../node/src/config';
import { startNode } from '../../../node/src/node';
import { systemActor } from '../../../node/src/identity/index';
import { importFtm } from '../../../node/src/services/import';

export async function importBench(work: string, n: number, runs: number) {
  const file = join(work, 'world.ftm.jsonl');
  const out = createWriteStream(file);
  const entities = await writeWorldFtm({ entities: generateEntities(n, 20261128) }, out);
  await new Promise<void>((res, rej) => { out.once('error', rej); out.end(() => res()); });

  const rates: number[] = [];
  let statements = 0;
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 100);
  try {
    for (let i = 0; i < runs + 1; i++) {
      const dataDir = join(work, `import-${i}`);
      mkdirSync(dataDir, { recursive: true });
      const config = loadConfig({ dataDir, country: 'MX' }, { ...process.env, DATABASE_URL: '' });
      const node = await startNode(config, { listen: false, webDir: null, demo: false });
      try {
        const actor = systemActor(node.ctx.node);
        const defaults = { ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node' as const, legalBasis: 'benchmark',
          purposes: ['criminal_investigation' as const], retentionUntil: '2031-12-31', dataset: 'bench' };
        const t0 = performance.now();
        const r = await importFtm(node.ctx, actor, createReadStream(file), { file, defaults });
        const s = (performance.now() - t0) / 1000;
        statements = r.statements;
        if (i > 0 || runs === 1) rates.push(r.entities / s); // the first of several runs is a warm-up
      } finally {
        await node.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
      if (runs === 1) break;
    }
  } finally {
    clearInterval(timer);
  }
  const sorted = [...rates].sort((a, b) => a - b);
  return { entities, statements, runs: rates, median: sorted[Math.floor(sorted.length / 2)], peakRssMb: Math.round(peakRss / 2 ** 20) };
}
