/**
 * Folding text for search and comparison, so "José Ñúñez-Peña" and "jose nunez pena" meet.
 * The store folds names with this function and the search folds queries with it: one rule on both sides.
 */

const MARKS = /\p{M}+/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * Lower-case; Unicode compatibility decomposition (NFKD) with the combining marks removed, so á→a, ñ→n,
 * ü→u and ﬁ→fi; every run of punctuation, symbols and white space becomes one space; trimmed.
 * Lower-casing runs before and after NFKD: "İ" lower-cases to i + combining dot (then removed) and
 * compatibility forms such as "Ⅻ" decompose to capitals.
 */
export function foldText(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}
