/**
 * Fuzzing the OFAC parsers (fast-check): random bytes and random mutations of valid fixture files either parse
 * or fail with a ListParseError (file, line, field) — never with any other exception.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ingest, ListParseError } from '../src/sources/ofac/index';
import { readSdnXml } from '../src/sources/ofac/sdn-xml';
import { readAdvancedXml } from '../src/sources/ofac/advanced-xml';

const FIX = new URL('./fixtures/ofac/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'ofac-fuzz-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

async function onlyParseErrors(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    assert.ok(err.line >= 0 && err.file && err.field && err.messages.en && err.messages.es);
  }
}

/** Writes files into a fresh folder and ingests it. */
function ingestFiles(files: Record<string, Uint8Array | string>) {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  return ingest(dir);
}

const valid = (f: string) => readFileSync(join(FIX, f), 'latin1');
const SDN = valid('sdn/sdn.csv');
const ALT = valid('sdn/alt.csv');
const ADD = valid('sdn/add.csv');
const COMMENTS = valid('sdn/sdn_comments.csv');
const SDN_XML = readFileSync(join(FIX, 'xml/sdn.xml'), 'utf8');
const ADV_XML = readFileSync(join(FIX, 'advanced/sdn_advanced.xml'), 'utf8');

/** A mutation of a text: characters inserted, deleted or replaced, biased towards CSV/XML syntax. */
const mutated = (text: string) =>
  fc.array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 4 }), fc.constantFrom('"', ',', '\n', '\r', "'", '<', '>', '/', '&', ';', '-0-', '\x1a', 'x', '9', '')), { minLength: 1, maxLength: 8 })
    .map((edits) => {
      let s = text;
      for (const [at, del, ins] of edits) {
        const i = Math.min(at, s.length);
        s = s.slice(0, i) + ins + s.slice(i + del);
      }
      return s;
    });

test('random bytes as sdn.csv', async () => {
  await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
    await onlyParseErrors(() => ingestFiles({ 'sdn.csv': bytes }));
  }), { numRuns: 150 });
});

test('mutated sdn.csv, alt.csv, add.csv and sdn_comments.csv', async () => {
  await fc.assert(fc.asyncProperty(mutated(SDN), mutated(ALT), mutated(ADD), mutated(COMMENTS), async (sdn, alt, add, comments) => {
    await onlyParseErrors(() => ingestFiles({ 'sdn.csv': sdn, 'alt.csv': alt, 'add.csv': add, 'sdn_comments.csv': comments }));
  }), { numRuns: 150 });
});

test('random text and mutated files as sdn.xml and sdn_advanced.xml', async () => {
  const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutated(SDN_XML), mutated(ADV_XML));
  await fc.assert(fc.asyncProperty(text, async (xml) => {
    async function* src() { yield xml; }
    await onlyParseErrors(() => readSdnXml('sdn.xml', src()));
    async function* src2() { yield xml; }
    await onlyParseErrors(() => readAdvancedXml('sdn_advanced.xml', src2()));
  }), { numRuns: 200 });
});

test('chunk boundaries do not change what the XML reader sees', async () => {
  await fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: ADV_XML.length }), { maxLength: 6 }), async (cuts) => {
    const points = [...new Set(cuts)].sort((a, b) => a - b);
    async function* chunks() {
      let prev = 0;
      for (const p of points) { yield ADV_XML.slice(prev, p); prev = p; }
      yield ADV_XML.slice(prev);
    }
    const entries = await readAdvancedXml('sdn_advanced.xml', chunks());
    assert.deepEqual(entries.map((e) => e.name), ['ARRIAGA QUINTERO, Evaristo', 'GRUPO XYZ, S.A. DE C.V.', 'MAR ESMERALDA']);
  }), { numRuns: 60 });
});
