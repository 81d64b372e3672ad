import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { ParseError, linesOf } from '../src/index';

async function collect(parts: Array<Uint8Array | string>, opts?: Parameters<typeof linesOf>[1]): Promise<string[]> {
  const out: string[] = [];
  for await (const l of linesOf(Readable.from(parts), opts)) out.push(l);
  return out;
}

/** Every way of cutting `bytes` in two, and in three at neighbouring points. */
function* splits(bytes: Buffer): Generator<Buffer[]> {
  for (let i = 0; i <= bytes.length; i++) {
    yield [bytes.subarray(0, i), bytes.subarray(i)];
    if (i + 1 <= bytes.length) yield [bytes.subarray(0, i), bytes.subarray(i, i + 1), bytes.subarray(i + 1)];
  }
}

// Multi-byte characters of every UTF-8 length: ñ (2 bytes), € (3), 😀 (4, a surrogate pair in JS).
const TEXT_MULTIBYTE = '\uFEFFPeña\r\nMéxico €5\n😀 ok\r\n\nfin';
const LINES_MULTIBYTE = ['Peña', 'México €5', '😀 ok', '', 'fin'];

test('linesOf: characters split across chunks at every byte boundary decode whole', async () => {
  const bytes = Buffer.from(TEXT_MULTIBYTE, 'utf8');
  for (const parts of splits(bytes)) assert.deepEqual(await collect(parts), LINES_MULTIBYTE, JSON.stringify(parts.map((p) => [...p])));
});

test('linesOf: one byte per chunk', async () => {
  const bytes = Buffer.from(TEXT_MULTIBYTE, 'utf8');
  assert.deepEqual(await collect([...bytes].map((b) => Uint8Array.of(b))), LINES_MULTIBYTE);
});

test('linesOf: \\r\\n, \\n, a final line without newline, string chunks and a BOM only before line 1', async () => {
  assert.deepEqual(await collect(['a\r', '\nb\n', 'c']), ['a', 'b', 'c']);
  assert.deepEqual(await collect(['\uFEFFa\n\uFEFFb\n']), ['a', '\uFEFFb']);
  assert.deepEqual(await collect([Buffer.from([0xef, 0xbb]), Buffer.from([0xbf, 0x61, 0x0a])]), ['a']);
  assert.deepEqual(await collect(['x\n']), ['x']);
  assert.deepEqual(await collect(['\n\n']), ['', '']);
  assert.deepEqual(await collect([]), []);
  // U+2028 (line separator) is a character inside a JSON string, not a line end.
  assert.deepEqual(await collect(['a\u2028b\n']), ['a\u2028b']);
});

test('linesOf: bytes that are not UTF-8 are a ParseError naming the line', async () => {
  const bad = Buffer.concat([Buffer.from('uno\ndos\n'), Buffer.from([0x74, 0x72, 0xff, 0x73]), Buffer.from('\ncuatro\n')]);
  for (const parts of splits(bad)) {
    await assert.rejects(collect(parts, { file: 'latin1.ftm.json' }), (err: unknown) => {
      assert.ok(err instanceof ParseError);
      assert.equal(err.file, 'latin1.ftm.json');
      assert.equal(err.field, 'encoding');
      assert.equal(err.code, 'invalid_utf8');
      assert.equal(err.line, 3);
      assert.match(err.messages.es, /línea 3.*UTF-8/);
      return true;
    });
  }
  // A multi-byte character cut off by the end of the file.
  await assert.rejects(collect([Buffer.from([0x61, 0x0a, 0xe2, 0x82])]), (err: unknown) => err instanceof ParseError && err.code === 'invalid_utf8');
});

test('linesOf: a line longer than the limit is an error, not unbounded memory', async () => {
  await assert.rejects(collect(['x'.repeat(50), 'y'.repeat(50), '\n'], { maxLineLength: 64 }),
    (err: unknown) => err instanceof ParseError && err.code === 'line_too_long' && err.line === 1);
  await assert.rejects(collect(['ok\n', `${'z'.repeat(65)}\n`], { maxLineLength: 64 }),
    (err: unknown) => err instanceof ParseError && err.code === 'line_too_long' && err.line === 2);
  assert.deepEqual(await collect([`${'z'.repeat(64)}\r\n`], { maxLineLength: 64 }), ['z'.repeat(64)]);
});

test('linesOf: any text, cut anywhere, gives back its lines', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, '')), { minLength: 1, maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }),
    async (lines, eol, bom, cuts) => {
      const text = (bom ? '\uFEFF' : '') + lines.join(eol) + eol;
      const bytes = Buffer.from(text, 'utf8');
      const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const parts: Buffer[] = [];
      let prev = 0;
      for (const p of [...points, bytes.length]) { parts.push(bytes.subarray(prev, p)); prev = p; }
      const expected = [...lines];
      if (bom && expected[0].startsWith('\uFEFF')) expected[0] = expected[0].slice(1);
      assert.deepEqual(await collect(parts), expected);
    }), { numRuns: 500 });
});

test('lineRunsOf: the same lines as linesOf, in runs that each end at a chunk (any cut of the stream)', async () => {
  const { lineRunsOf } = await import('../src/index');
  await fc.assert(fc.asyncProperty(
    fc.array(fc.constantFrom('a', 'ñ', '€', '\n', '\r\n', ' ', '😀'), { maxLength: 60 }),
    fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 6 }),
    async (pieces, cuts) => {
      const bytes = Buffer.from(pieces.join(''), 'utf8');
      const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
      const parts = [0, ...at].map((from, i, all) => bytes.subarray(from, all[i + 1] ?? bytes.length));
      const runs: string[][] = [];
      for await (const run of lineRunsOf(Readable.from(parts))) runs.push(run);
      assert.ok(runs.every((r) => r.length > 0), 'no empty run');
      assert.deepEqual(runs.flat(), await collect(parts));
      assert.ok(runs.length <= parts.length + 1);
    },
  ), { numRuns: 200 });
});
