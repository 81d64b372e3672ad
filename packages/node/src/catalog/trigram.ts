/**
 * PostgreSQL pg_trgm's trigram similarity, ported so name search can run in the node's own memory
 * (catalog.ts) with the same answers the database would give. Source: contrib/pg_trgm/trgm_op.c
 * (generate_trgm, cnt_sml, calc_word_similarity, iterate_word_similarity), PostgreSQL 15–18.
 *
 *  - Words are runs of letters and digits; each is padded with two spaces before and one after, and
 *    every run of three characters is a trigram ("ab" → "  a", " ab", "ab ").
 *  - similarity(a, b) = |A ∩ B| / |A ∪ B| over the two sets of trigrams (the `%` operator: ≥ 0.3).
 *  - word_similarity(q, t): the greatest similarity between q's trigram set and the trigrams of any
 *    contiguous run of t's trigram sequence (the `<%` operator: ≥ 0.6), so "gonzalez" is found inside
 *    "jose maria gonzalez perez".
 * Inputs are expected folded already (foldText: lower case, accents and punctuation removed). Results
 * are rounded to float4 as PostgreSQL returns them. A conformance test compares both functions with
 * pg_trgm itself on random names.
 */

export const SIMILARITY_THRESHOLD = 0.3;
export const WORD_SIMILARITY_THRESHOLD = 0.6;

const WORD = /[\p{L}\p{N}]+/gu;

/** Trigrams in order of occurrence, repeats kept (generate_trgm_only). */
export function trigramSequence(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const chars = Array.from(`  ${m[0]} `);
    for (let i = 0; i + 2 < chars.length; i++) out.push(chars[i] + chars[i + 1] + chars[i + 2]);
  }
  return out;
}

/** pg_trgm's similarity(a, b). */
export function similarity(a: string, b: string): number {
  const ta = new Set(trigramSequence(a));
  const tb = new Set(trigramSequence(b));
  return setSimilarity(ta, tb);
}

function setSimilarity(ta: ReadonlySet<string>, tb: ReadonlySet<string>): number {
  if (!ta.size || !tb.size) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return calcSml(common, ta.size, tb.size);
}

/** CALCSML in float4, as trgm_op.c computes it. */
export function calcSml(count: number, len1: number, len2: number): number {
  return Math.fround(Math.fround(count) / Math.fround(len1 + len2 - count));
}

/** pg_trgm's word_similarity(query, text). */
export function wordSimilarity(query: string, text: string): number {
  const q = new Set(trigramSequence(query));
  if (!q.size) return 0;
  const seq = trigramSequence(text);
  return wordSimilarityOf(q, seq);
}

/**
 * iterate_word_similarity: slides a window over `seq` (the text's trigrams in order); the window starts at
 * a trigram of the query and may shed trigrams at its lower end when that raises the similarity.
 * Trigrams may be strings or interned ids; `querySize` is the number of distinct trigrams of the query.
 */
export function wordSimilarityOf<T>(query: ReadonlySet<T>, seq: ArrayLike<T>, querySize = query.size): number {
  const ulen1 = querySize;
  // Index the text's distinct trigrams; found[i]: trigram i is in the query.
  const ids = new Map<T, number>();
  const found: boolean[] = [];
  const index = new Array<number>(seq.length);
  for (let k = 0; k < seq.length; k++) {
    const t = seq[k];
    let i = ids.get(t);
    if (i === undefined) { i = ids.size; ids.set(t, i); found.push(query.has(t)); }
    index[k] = i;
  }
  const lastpos = new Array<number>(ids.size).fill(-1);
  let ulen2 = 0;
  let count = 0;
  let upper = -1;
  let lower = -1;
  let max = 0;
  for (let i = 0; i < index.length; i++) {
    const t = index[i];
    if (lower >= 0 || found[t]) {
      if (lastpos[t] < 0) {
        ulen2++;
        if (found[t]) count++;
      }
      lastpos[t] = i;
    }
    if (!found[t]) continue;
    upper = i;
    if (lower === -1) {
      lower = i;
      ulen2 = 1;
    }
    let cur = calcSml(count, ulen1, ulen2);
    // Try moving the lower bound up for a better similarity.
    let tmpCount = count;
    let tmpUlen2 = ulen2;
    const prevLower = lower;
    for (let tmpLower = lower; tmpLower <= upper; tmpLower++) {
      const tmp = calcSml(tmpCount, ulen1, tmpUlen2);
      if (tmp > cur) {
        cur = tmp;
        ulen2 = tmpUlen2;
        lower = tmpLower;
        count = tmpCount;
      }
      const ti = index[tmpLower];
      if (lastpos[ti] === tmpLower) {
        tmpUlen2--;
        if (found[ti]) tmpCount--;
      }
    }
    if (cur > max) max = cur;
    for (let tmpLower = prevLower; tmpLower < lower; tmpLower++) {
      const ti = index[tmpLower];
      if (lastpos[ti] === tmpLower) lastpos[ti] = -1;
    }
  }
  return max;
}
