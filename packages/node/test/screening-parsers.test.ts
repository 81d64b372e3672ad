/**
 * Fuzzing the screening readers (fast-check): the batch query CSV (parseQueryCsv) and FtM JSON lines as a list
 * (readFtmListLines) either read or fail with a ListParseError naming file, line and field in English and
 * Spanish — never with any other exception — whether given random text or mutations of the valid fixtures.
 * And the content hash that decides whether an import is a new version ignores order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ListParseError } from '../src/sources/ofac/index';
import { parseQueryCsv } from '../src/services/screening-queries';
import { contentHash, readFtmListLines } from '../src/services/screening-lists';
import { fixtureText } from './helpers/screening';

/** Lines as the CSV reader and editors count them: a lone CR ends a line too. */
const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

function onlyParseErrors(run: () => unknown, lines: number): void {
  try {
    run();
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    assert.ok(err.file && err.field && err.messages.en && err.messages.es, 'file, field and both languages');
    assert.ok(err.line >= 0 && err.line <= lines + 1, `line ${err.line} of ${lines}`);
    assert.match(err.messages.es, /línea|campo/);
  }
}

async function onlyParseErrorsAsync(run: () => Promise<unknown>, lines: number): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof ListParseError)) throw err;
    assert.ok(err.file && err.field && err.messages.en && err.messages.es);
    assert.ok(err.line >= 0 && err.line <= lines, `line ${err.line} of ${lines}`);
  }
}

/** A valid file with one line changed: dropped, doubled, cut short, or with characters inserted. */
const mutated = (text: string) => fc.tuple(fc.nat(), fc.constantFrom('drop', 'double', 'cut', 'insert'), fc.string({ maxLength: 12 }), fc.nat())
  .map(([at, how, junk, pos]) => {
    const lines = text.split('\n');
    const i = at % lines.length;
    const line = lines[i];
    if (how === 'drop') lines.splice(i, 1);
    else if (how === 'double') lines.splice(i, 0, line);
    else if (how === 'cut') lines[i] = line.slice(0, pos % (line.length + 1));
    else { const p = pos % (line.length + 1); lines[i] = line.slice(0, p) + junk + line.slice(p); }
    return lines.join('\n');
  });

test('fuzz: the query CSV reads or names file, line and field (random text)', () => {
  const header = fc.constantFrom('', 'id,name\n', 'id,name,schema,country,birth_date\n', 'ID,Name,Birth_Date\n');
  fc.assert(fc.property(header, fc.string({ unit: 'binary', maxLength: 300 }), (h, body) => {
    const text = h + body;
    onlyParseErrors(() => parseQueryCsv(text, 'fuzz.csv', { maxRows: 50 }), lineCount(text));
  }), { numRuns: 400 });
});

test('fuzz: the query CSV reads or names file, line and field (mutations of the fixture)', () => {
  const valid = fixtureText('queries.csv');
  assert.equal(parseQueryCsv(valid, 'queries.csv').length, 4);
  fc.assert(fc.property(mutated(valid), (text) => {
    onlyParseErrors(() => parseQueryCsv(text, 'queries.csv'), lineCount(text));
  }), { numRuns: 400 });
});

test('fuzz: FtM lines as a list read or name file, line and field', async () => {
  const valid = fixtureText('designations-v2.ftm.jsonl');
  const line = fc.oneof(
    fc.json(),
    fc.string({ maxLength: 60 }),
    fc.record({ id: fc.oneof(fc.string(), fc.integer()), schema: fc.constantFrom('Person', 'Company', 'Sanction', 'Ownership', ''),
      properties: fc.oneof(fc.dictionary(fc.constantFrom('name', 'alias', 'weakAlias', 'birthDate', 'country', 'entity', 'program'), fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 })), fc.constant(null), fc.array(fc.string())) },
    { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  );
  await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 8 }), async (lines) => {
    await onlyParseErrorsAsync(() => readFtmListLines(lines, 'fuzz.jsonl'), lines.length);
  }), { numRuns: 300 });
  await fc.assert(fc.asyncProperty(mutated(valid), async (text) => {
    const lines = text.split('\n');
    await onlyParseErrorsAsync(() => readFtmListLines(lines, 'v2.jsonl'), lines.length);
  }), { numRuns: 300 });
});

test('property: the content hash ignores the order of entries and of their names', async () => {
  const entries = await readFtmListLines(fixtureText('designations-v2.ftm.jsonl').split('\n'), 'v2.jsonl');
  const hash = contentHash(entries);
  fc.assert(fc.property(fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }), fc.boolean(), (shuffled, flip) => {
    const reordered = shuffled.map((e) => (flip ? { ...e, names: [...e.names].reverse(), countries: [...(e.countries ?? [])].reverse() } : e));
    assert.equal(contentHash(reordered), hash);
  }), { numRuns: 100 });
  assert.notEqual(contentHash(entries.slice(1)), hash, 'an entry less is another version');
  assert.notEqual(contentHash([{ ...entries[0], birthDates: ['1900'] }, ...entries.slice(1)]), hash, 'a changed fact is another version');
});
