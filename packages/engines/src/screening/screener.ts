/**
 * The screening index: every name of every list entry, parsed once, with an inverted index over its words so
 * that a query scores a few dozen candidate names, never the whole list.
 *
 * Candidate retrieval (per query word, over the vocabulary of list words):
 *   - the same word;
 *   - the same Spanish phonetic key (phonetic.ts);
 *   - words one deletion apart on either side (the symmetric-delete method of SymSpell, Garbe 2012), which
 *     reaches every word within one insertion, deletion, substitution or adjacent transposition; only for
 *     words of four letters or more, since deletes of shorter words are not selective;
 *   - hypocorisms and given-name equivalents (lexicon.ts);
 *   - the halves of a word written without its space ("VladimirPutin"), and two query words written as one list
 *     word ("Good Will" / "Goodwill").
 * Each candidate name collects Σ over query words of (similarity × idf of the list word); the best
 * MAX_CANDIDATES names are then aligned and scored in full (compare.ts). Postings are Int32Arrays and the
 * accumulator a Float64Array reused from query to query.
 */
import { compareNames, scoreNames } from './compare';
import { birthDateFeature, countryFeature, schemaFeature } from './features';
import { Flag, nameKindOf, parseName, type ParsedName } from './parse';
import { phoneticKey } from './phonetic';
import { GIVEN_NAME_LINKS } from './lexicon';
import { SIM_NICKNAME, letterMask, simOf, wordScore } from './similarity';
import type { Feature, ListEntry, ListNameKind, ScreeningHit, ScreeningQuery, ScreenOptions } from './types';

/**
 * Default operating threshold. It follows from the part costs in compare.ts: a query that confirms the first
 * given name and the paternal surname and omits one secondary part (the maternal surname or a later given name)
 * scores 0.85–0.94; one that omits two parts of a four-part name, or the paternal surname, or adds an unexplained
 * word to a two-word name scores at most 0.78; an exact weak alias scores WEAK_ALIAS_FACTOR = 0.90.
 */
export const DEFAULT_THRESHOLD = 0.8;
export const DEFAULT_TOP = 5;
/**
 * A weak alias ("El Mayo", 'Mencho') is a nickname OFAC itself calls low-quality: screening on it alone "is not
 * expected" (OFAC FAQ; watchman #29). A full match on one is worth 0.90 — above the threshold, so an analyst sees
 * it, below an exact strong name, above a one-word near miss of a strong name (compare.ts SINGLE_WORD_FACTOR);
 * a one-word weak alias with a spelling error ("Mecho" for 'Mencho': 0.83 × 0.95 × 0.90 = 0.71) stays below.
 */
export const WEAK_ALIAS_FACTOR = 0.9;
/**
 * How many candidate names are scored in full per query (yente scores 5 × 10 = 50 by default). On the B1 files 24
 * already gives the same results; 40 leaves room for lists with many namesakes.
 */
export const MAX_CANDIDATES = 40;

const STAMPS_PER_QUERY = 64;
const NONE: readonly number[] = [];
/**
 * Candidates whose retrieval evidence (Σ similarity × idf) is below this share of the best candidate's are not
 * scored: they miss most of the query's information, so their name score cannot approach the best one's. (On the
 * B1 files every value up to 0.3 gives the same results as no cut; at 0.4 weak aliases start to be lost.)
 */
const MIN_SHARE = 0.25;
/** Retrieval weight of a title, particle or stop-word of the query. */
const OPTIONAL_RETRIEVAL = 0.3;
/** Retrieval score subtracted per word of difference between a candidate name's length and the query's. */
const LENGTH_PENALTY = 0.5;
const KIND_RANK: Record<ListNameKind, number> = { primary: 0, alias: 1, previous: 2, weak: 3 };

interface IndexedName {
  entry: number;
  kind: ListNameKind;
  text: string;
  parsed: ParsedName;
  /** vocabulary id of each part */
  vocab: Int32Array;
}

interface Vocabulary {
  ids: Map<string, number>;
  text: string[];
  key: string[];
  mask: number[];
}

function deletes(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    const d = word.slice(0, i) + word.slice(i + 1);
    if (out[out.length - 1] !== d) out.push(d);
  }
  return out;
}

/** A query prepared for scoring: its parsed name, phonetic keys and letter masks of its parts. */
interface PreparedQuery {
  query: ScreeningQuery;
  parsed: ParsedName;
  keys: string[];
  masks: number[];
  /** memo slot base of this query (see ScreeningIndex.sim) */
  stamp: number;
}

/** Query parts beyond this many share the last memo slot (no realistic name has more words). */
const MEMO_PARTS = 16;

export class ScreeningIndex {
  readonly entries: ListEntry[];
  private readonly names: IndexedName[] = [];
  private readonly vocab: Vocabulary = { ids: new Map(), text: [], key: [], mask: [] };
  private postings: Int32Array[] = [];
  private idf: Float64Array = new Float64Array(0);
  private readonly byKey = new Map<string, number[]>();
  /** symmetric-delete keys → vocabulary ids (a bare number for the common single-word key, to spare an array) */
  private readonly byDelete = new Map<string, number | number[]>();
  private acc: Float64Array = new Float64Array(0);
  private mark: Int32Array = new Int32Array(0);
  private stamp = 0;
  /** word-similarity memo: slot (part × V + vocab id) holds the packed similarity when memoStamp matches */
  private memoVal: Float64Array = new Float64Array(0);
  private memoStamp: Int32Array = new Int32Array(0);
  private queryCount = 0;

  private constructor(entries: ListEntry[]) {
    this.entries = entries;
  }

  /** Builds the index over all names of all entries (primary, aliases, previous names, weak aliases). */
  static build(entries: ListEntry[]): ScreeningIndex {
    const ix = new ScreeningIndex(entries);
    ix.buildAll();
    return ix;
  }

  get nameCount(): number { return this.names.length; }
  get vocabularySize(): number { return this.vocab.text.length; }

  private word(w: string): number {
    let id = this.vocab.ids.get(w);
    if (id === undefined) {
      id = this.vocab.text.length;
      this.vocab.ids.set(w, id);
      this.vocab.text.push(w);
      this.vocab.key.push(phoneticKey(w));
      this.vocab.mask.push(letterMask(w));
    }
    return id;
  }

  private buildAll(): void {
    const counts: number[] = [];
    this.entries.forEach((e, entry) => {
      const kind = nameKindOf(e.schema);
      const seen = new Set<string>();
      for (const n of e.names) {
        const parsed = parseName(n.text, n.kind === 'weak' ? 'weak' : kind, n.surnames);
        if (!parsed.parts.length) continue;
        const dedupe = `${n.kind === 'weak' ? 'w' : 's'}|${parsed.literal}|${parsed.parts.map((p) => p.role).join('')}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        const vocab = new Int32Array(parsed.parts.length);
        parsed.parts.forEach((p, k) => {
          const id = this.word(p.text);
          vocab[k] = id;
          if (!(p.flags & Flag.Optional)) counts[id] = (counts[id] ?? 0) + 1;
        });
        this.names.push({ entry, kind: n.kind, text: n.text, parsed, vocab });
      }
    });
    const V = this.vocab.text.length;
    // postings: names containing each (content) word, each name once
    const fill = new Int32Array(V);
    this.postings = new Array(V);
    for (let v = 0; v < V; v++) this.postings[v] = new Int32Array(counts[v] ?? 0);
    this.names.forEach((n, id) => {
      n.parsed.parts.forEach((p, k) => {
        if (p.flags & Flag.Optional) return;
        const v = n.vocab[k];
        const list = this.postings[v];
        if (fill[v] > 0 && list[fill[v] - 1] === id) return;
        list[fill[v]++] = id;
      });
    });
    for (let v = 0; v < V; v++) if (fill[v] < this.postings[v].length) this.postings[v] = this.postings[v].slice(0, fill[v]);
    const N = this.names.length || 1;
    this.idf = new Float64Array(V);
    for (let v = 0; v < V; v++) {
      const df = this.postings[v].length;
      this.idf[v] = df ? Math.log(1 + N / df) : 0;
      if (!df) continue;
      const w = this.vocab.text[v];
      const key = this.vocab.key[v];
      let list = this.byKey.get(key);
      if (!list) this.byKey.set(key, (list = []));
      list.push(v);
      if (w.length >= 3) this.addDelete(w, v);
      if (w.length >= 4) for (const d of deletes(w)) this.addDelete(d, v);
    }
    this.acc = new Float64Array(this.names.length);
    this.mark = new Int32Array(this.names.length);
    this.memoVal = new Float64Array(V * MEMO_PARTS);
    this.memoStamp = new Int32Array(V * MEMO_PARTS);
  }

  private addDelete(k: string, v: number): void {
    const cur = this.byDelete.get(k);
    if (cur === undefined) this.byDelete.set(k, v);
    else if (typeof cur === 'number') { if (cur !== v) this.byDelete.set(k, [cur, v]); }
    else if (cur[cur.length - 1] !== v) cur.push(v);
  }

  private deleteIds(k: string): readonly number[] {
    const cur = this.byDelete.get(k);
    return cur === undefined ? NONE : typeof cur === 'number' ? [cur] : cur;
  }

  private prepare(query: ScreeningQuery): PreparedQuery {
    const parsed = parseName(query.name, nameKindOf(query.schema));
    if (++this.queryCount > 2_000_000_000) { this.memoStamp.fill(0); this.queryCount = 1; }
    return {
      query,
      parsed,
      keys: parsed.parts.map((p) => phoneticKey(p.text)),
      masks: parsed.parts.map((p) => letterMask(p.text)),
      stamp: this.queryCount,
    };
  }

  /** Packed similarity of query part i and vocabulary word v, memoised for the duration of the query. */
  private sim(q: PreparedQuery, i: number, v: number): number {
    const slot = (i < MEMO_PARTS ? i : MEMO_PARTS - 1) * this.vocab.text.length + v;
    if (i < MEMO_PARTS - 1 && this.memoStamp[slot] === q.stamp) return this.memoVal[slot];
    const pk = wordScore(q.parsed.parts[i].text, this.vocab.text[v], q.keys[i], this.vocab.key[v], q.masks[i], this.vocab.mask[v]);
    if (i < MEMO_PARTS - 1) { this.memoStamp[slot] = q.stamp; this.memoVal[slot] = pk; }
    return pk;
  }

  /** Vocabulary neighbours of query part i, with their retrieval weight. */
  private neighbours(q: PreparedQuery, i: number): Array<[number, number]> {
    const w = q.parsed.parts[i].text;
    const out = new Map<number, number>();
    const consider = (v: number) => {
      if (out.has(v)) return;
      const pk = this.sim(q, i, v);
      if (pk > 0) out.set(v, simOf(pk));
    };
    const exact = this.vocab.ids.get(w);
    if (exact !== undefined && this.postings[exact].length) out.set(exact, 1);
    for (const v of this.byKey.get(q.keys[i]) ?? []) consider(v);
    if (w.length >= 3) {
      for (const v of this.deleteIds(w)) consider(v);
      if (w.length >= 4) for (const d of deletes(w)) for (const v of this.deleteIds(d)) consider(v);
    }
    for (const link of GIVEN_NAME_LINKS.get(w) ?? []) {
      const v = this.vocab.ids.get(link);
      if (v !== undefined && this.postings[v].length && !out.has(v)) out.set(v, SIM_NICKNAME);
    }
    // A word written without its space: both halves must be list words (retrieval only; compare.ts joins them).
    if ((exact === undefined || !this.postings[exact].length) && w.length >= 6) {
      for (let k = 2; k <= w.length - 2; k++) {
        const a = this.vocab.ids.get(w.slice(0, k));
        const b = this.vocab.ids.get(w.slice(k));
        if (a !== undefined && b !== undefined && this.postings[a].length && this.postings[b].length) {
          if (!out.has(a)) out.set(a, 0.5);
          if (!out.has(b)) out.set(b, 0.5);
        }
      }
    }
    return [...out.entries()];
  }

  /** The candidate names for a query, best retrieval score first. */
  private retrieve(q: PreparedQuery): number[] {
    const parts = q.parsed.parts;
    // every query word retrieves; titles and particles count for little ("EP-IBN", "MARIA III")
    const use = parts.map((_, i) => i).slice(0, STAMPS_PER_QUERY - 2);
    const touched: number[] = [];
    const acc = this.acc;
    const mark = this.mark;
    // mark[name] < base: not yet touched by this query; base + 1 + k: last credited by query word k
    if (this.stamp > 2_000_000_000) { mark.fill(0); this.stamp = 0; }
    const base = this.stamp + STAMPS_PER_QUERY;
    this.stamp = base;
    const credit = (list: Int32Array, stamp: number, value: number) => {
      for (let k = 0; k < list.length; k++) {
        const name = list[k];
        const m = mark[name];
        if (m === stamp) continue;
        if (m < base) { acc[name] = 0; touched.push(name); }
        mark[name] = stamp;
        acc[name] += value;
      }
    };
    use.forEach((i, k) => {
      // strongest neighbour first, so that a name is credited once per query word, with its best word
      const weight = parts[i].flags & Flag.Optional ? OPTIONAL_RETRIEVAL : 1;
      const nb = this.neighbours(q, i).map(([v, s]) => [v, s * weight * this.idf[v]] as [number, number]).sort((a, b) => b[1] - a[1]);
      for (const [v, score] of nb) credit(this.postings[v], base + 1 + k, score);
    });
    // two query words written as one list word ("Good Will" → "goodwill")
    for (let k = 0; k + 1 < use.length; k++) {
      const v = this.vocab.ids.get(parts[use[k]].text + parts[use[k + 1]].text);
      if (v !== undefined) credit(this.postings[v], base + STAMPS_PER_QUERY - 1, 2 * this.idf[v]);
    }
    // Among names sharing the query's words, prefer those of about its length ("AL-AQSA" before the dozen
    // "AL-AQSA … FOUNDATION" aliases): a small length penalty, as in BM25's length normalisation.
    const qn = q.parsed.content || parts.length;
    let best = 0;
    for (const name of touched) {
      acc[name] -= LENGTH_PENALTY * Math.abs(this.names[name].parsed.content - qn);
      if (acc[name] > best) best = acc[name];
    }
    // A name that shares less than MIN_SHARE of the best candidate's evidence cannot come near it.
    const floor = best * MIN_SHARE;
    const kept = touched.filter((name) => acc[name] >= floor);
    return kept.length > MAX_CANDIDATES ? topByScore(kept, acc, MAX_CANDIDATES) : kept;
  }

  private simFn(q: PreparedQuery, n: IndexedName): (i: number, j: number) => number {
    return (i, j) => this.sim(q, i, n.vocab[j]);
  }

  /** Screens one query: hits scoring ≥ threshold, best first, at most `top`. */
  screen(query: ScreeningQuery, opts: ScreenOptions = {}): ScreeningHit[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const top = opts.top ?? DEFAULT_TOP;
    const q = this.prepare(query);
    if (!q.parsed.parts.length) return [];
    // Score every candidate name (hot path, no explanation), keep the best name per entry.
    const best = new Map<number, { name: IndexedName; nameScore: number; value: number }>();
    for (const id of this.retrieve(q)) {
      const n = this.names[id];
      const nameScore = scoreNames(q.parsed, n.parsed, this.simFn(q, n));
      const value = nameScore * (n.kind === 'weak' ? WEAK_ALIAS_FACTOR : 1);
      const prev = best.get(n.entry);
      if (!prev || value > prev.value || (value === prev.value && KIND_RANK[n.kind] < KIND_RANK[prev.name.kind])) {
        best.set(n.entry, { name: n, nameScore, value });
      }
    }
    const ranked: Array<{ entryIndex: number; name: IndexedName; nameScore: number; factor: number; features: Feature[]; score: number; rank: number }> = [];
    for (const [entryIndex, b] of best) {
      const e = this.entries[entryIndex];
      const features: Feature[] = [];
      const sf = query.schema ? schemaFeature(query.schema, e.schema) : null;
      if (sf) features.push(sf);
      const cf = query.country ? countryFeature(query.country, e.countries) : null;
      if (cf) features.push(cf);
      const df = query.birthDate ? birthDateFeature(query.birthDate, e.birthDates) : null;
      if (df) features.push(df);
      const factor = b.name.kind === 'weak' ? WEAK_ALIAS_FACTOR : 1;
      let score = b.nameScore * factor;
      for (const f of features) score += f.weight;
      score = clamp01(score);
      if (score < threshold) continue;
      ranked.push({ entryIndex, name: b.name, nameScore: b.nameScore, factor, features, score, rank: KIND_RANK[b.name.kind] });
    }
    // Best first; ties: a primary name before an alias before a weak alias, then the lists' own order.
    ranked.sort((a, b) => b.score - a.score || a.rank - b.rank || a.entryIndex - b.entryIndex);
    // Explanations only for the hits returned: the same arithmetic, recorded.
    return ranked.slice(0, top).map((r) => {
      const e = this.entries[r.entryIndex];
      const cmp = compareNames(q.parsed, r.name.parsed, this.simFn(q, r.name));
      return {
        entryId: e.id,
        entryIndex: r.entryIndex,
        caption: e.caption,
        schema: e.schema,
        list: e.list,
        matchedName: r.name.text,
        score: r.score,
        explanation: { matchedName: r.name.text, nameKind: r.name.kind, name: cmp, factor: r.factor, features: r.features, score: r.score },
      };
    });
  }

  /** Screens many queries in this thread (see batch.ts for worker threads). */
  screenMany(queries: ScreeningQuery[], opts: ScreenOptions = {}): ScreeningHit[][] {
    return queries.map((q) => this.screen(q, opts));
  }
}

/**
 * The k ids with the highest acc[id] (ties: lower id first), best first — a bounded min-heap, O(n log k), since
 * a query with common words ("Juan", "García") touches thousands of names.
 */
function topByScore(ids: number[], acc: Float64Array, k: number): number[] {
  const heap = new Int32Array(k);
  let size = 0;
  // "a ranks below b": lower score, or equal score and higher id
  const below = (a: number, b: number) => acc[a] < acc[b] || (acc[a] === acc[b] && a > b);
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && below(heap[l], heap[m])) m = l;
      if (r < size && below(heap[r], heap[m])) m = r;
      if (m === i) return;
      const t = heap[i]; heap[i] = heap[m]; heap[m] = t;
      i = m;
    }
  };
  for (const id of ids) {
    if (size < k) {
      let i = size++;
      heap[i] = id;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!below(heap[i], heap[p])) break;
        const t = heap[i]; heap[i] = heap[p]; heap[p] = t;
        i = p;
      }
    } else if (below(heap[0], id)) {
      heap[0] = id;
      siftDown(0);
    }
  }
  return Array.from(heap.subarray(0, size)).sort((a, b) => acc[b] - acc[a] || a - b);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
