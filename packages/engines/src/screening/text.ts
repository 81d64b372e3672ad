/**
 * Text folding for name matching: one canonical, comparable form for every name, whatever its script,
 * case, accents or punctuation. Pure functions, no locale data beyond the tables below.
 *
 * Decisions
 * - Accents and ñ are folded (á→a, ñ→n, ü→u): OFAC's files are pure ASCII, U.S. records routinely drop them
 *   (../shared/design/domain/screening.md §7), so a folded comparison is the only one that finds both.
 * - Scripts that have a conventional one-to-one romanisation are transliterated so a Cyrillic or Greek name
 *   meets its Latin spelling: Cyrillic after the ICAO Doc 9303 (2021) table used in passports, Greek after
 *   ELOT 743 / ISO 843, Georgian after the national system (2002), Armenian after ISO 9985, Japanese kana after
 *   Hepburn. Scripts without one (Han, Arabic, Hebrew, Hangul, Indic, Thai…) are kept as they are: names in
 *   the same script still compare character by character.
 * - Dotted initialisms collapse ("S.A." → "sa", "J.P." → "jp", "L.X.C" → "lxc"), apostrophes vanish
 *   ("O'Brien" → "obrien", "Qa'ida" → "qaida"), "&" becomes "and", every other punctuation mark separates words.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian
  є: 'ye', і: 'i', ї: 'yi', ґ: 'g', ў: 'u',
  // Serbian, Macedonian
  ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'gj', ќ: 'kj', ѕ: 'dz',
  // Kazakh, Mongolian, Tatar
  ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', җ: 'zh',
};

const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x',
  ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

const GEORGIAN: Record<string, string> = {
  ა: 'a', ბ: 'b', გ: 'g', დ: 'd', ე: 'e', ვ: 'v', ზ: 'z', თ: 't', ი: 'i', კ: 'k', ლ: 'l', მ: 'm', ნ: 'n', ო: 'o',
  პ: 'p', ჟ: 'zh', რ: 'r', ს: 's', ტ: 't', უ: 'u', ფ: 'p', ქ: 'k', ღ: 'gh', ყ: 'q', შ: 'sh', ჩ: 'ch', ც: 'ts',
  ძ: 'dz', წ: 'ts', ჭ: 'ch', ხ: 'kh', ჯ: 'j', ჰ: 'h',
};

const ARMENIAN: Record<string, string> = {
  ա: 'a', բ: 'b', գ: 'g', դ: 'd', ե: 'e', զ: 'z', է: 'e', ը: 'y', թ: 't', ժ: 'zh', ի: 'i', լ: 'l', խ: 'kh', ծ: 'ts',
  կ: 'k', հ: 'h', ձ: 'dz', ղ: 'gh', ճ: 'ch', մ: 'm', յ: 'y', ն: 'n', շ: 'sh', ո: 'o', չ: 'ch', պ: 'p', ջ: 'j',
  ռ: 'r', ս: 's', վ: 'v', տ: 't', ր: 'r', ց: 'ts', ւ: 'v', փ: 'p', ք: 'k', օ: 'o', ֆ: 'f', և: 'ev',
};

// Hepburn romanisation of katakana (hiragana is mapped onto katakana first). Small ya/yu/yo and the long
// vowel mark are handled in transliterate().
const KANA = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ';
const KANA_LATIN = ['a', 'i', 'u', 'e', 'o', 'ka', 'ki', 'ku', 'ke', 'ko', 'sa', 'shi', 'su', 'se', 'so', 'ta', 'chi', 'tsu', 'te', 'to',
  'na', 'ni', 'nu', 'ne', 'no', 'ha', 'hi', 'fu', 'he', 'ho', 'ma', 'mi', 'mu', 'me', 'mo', 'ya', 'yu', 'yo', 'ra', 'ri', 'ru', 're', 'ro',
  'wa', 'o', 'n', 'ga', 'gi', 'gu', 'ge', 'go', 'za', 'ji', 'zu', 'ze', 'zo', 'da', 'ji', 'zu', 'de', 'do', 'ba', 'bi', 'bu', 'be', 'bo',
  'pa', 'pi', 'pu', 'pe', 'po', 'vu'];
const KATAKANA: Record<string, string> = {};
for (let i = 0; i < KANA.length; i++) KATAKANA[KANA[i]] = KANA_LATIN[i];
const SMALL_KANA: Record<string, string> = { ャ: 'ya', ュ: 'yu', ョ: 'yo', ァ: 'a', ィ: 'i', ゥ: 'u', ェ: 'e', ォ: 'o' };

// Latin letters that Unicode does not decompose into base + accent.
const LATIN_EXTRA: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ŋ: 'n', ħ: 'h', ŧ: 't', ĸ: 'k',
};

const TABLES = [CYRILLIC, GREEK, GEORGIAN, ARMENIAN, LATIN_EXTRA];

/** True when the string holds any character the transliteration tables know about (fast path otherwise). */
function needsTransliteration(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Latin-1 accented letters are handled by NFD; ß æ ð ø þ and everything above U+00FF go through the tables.
    if (c >= 0x0100 || c === 0xdf || c === 0xe6 || c === 0xf0 || c === 0xf8 || c === 0xfe) return true;
  }
  return false;
}

function transliterate(lower: string): string {
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    let ch = lower[i];
    const code = ch.charCodeAt(0);
    if (code >= 0x3041 && code <= 0x3096) ch = String.fromCharCode(code + 0x60); // hiragana → katakana
    if (ch === 'ー') { out += out.match(/[aeiou]$/)?.[0] ?? ''; continue; } // long vowel mark doubles the vowel
    const small = SMALL_KANA[ch];
    if (small) {
      // キャ → kya, シャ → sha, チャ → cha: the small kana replaces the vowel of the previous syllable.
      out = /(sh|ch|j)i$/.test(out) ? out.slice(0, -1) + small.slice(-1) : out.replace(/i$/, '') + small;
      continue;
    }
    if (ch === 'ッ') continue; // geminate mark: the next consonant doubles; dropping it keeps names comparable
    const kana = KATAKANA[ch];
    if (kana !== undefined) { out += kana; continue; }
    let mapped: string | undefined;
    for (const t of TABLES) { mapped = t[ch]; if (mapped !== undefined) break; }
    // Accented Greek and Cyrillic letters (ά, ϊ, ӑ, ё…) are looked up by their base letter; the accent is dropped.
    if (mapped === undefined && code >= 0x0370 && code <= 0x04ff) {
      const base = ch.normalize('NFD')[0];
      mapped = GREEK[base] ?? CYRILLIC[base];
    }
    out += mapped ?? ch;
  }
  return out;
}

/**
 * Folds a text to its comparable form: lower case, transliterated, accents removed, punctuation turned into
 * single spaces. `foldText('  José  Pérez-Ñúñez, S.A. de C.V.')` → `'jose perez nunez sa de cv'`.
 */
export function foldText(text: string): string {
  if (isAscii(text)) return foldAscii(text);
  let s = text.normalize('NFC').toLowerCase();
  if (needsTransliteration(s)) s = transliterate(s);
  // NFD splits accented letters into base + combining mark; only the Latin/Greek/Cyrillic combining block
  // (U+0300–U+036F) is removed, so vowel signs of Indic, Thai or Khmer scripts survive. NFC recomposes the rest
  // (Hangul syllables in particular).
  s = stripMarks(s);
  // a letter that only decomposition revealed (polytonic Greek ἀ → α) is transliterated in a second pass
  if (needsTransliteration(s)) s = stripMarks(transliterate(s));
  // Apostrophes vanish; so does a "?" inside a word, the mark left where a system could not encode a letter
  // ("Jos? Gonz?lez"): the edit distance then sees one missing letter instead of two split words.
  s = s.replace(/[’'`´ʼʻ‘]/g, '').replace(/(?<=\p{L})\?+(?=\p{L})/gu, '');
  s = s.replace(/&/g, ' and ');
  // Dotted initialisms: two or more "letter." groups (optionally a final bare letter) become one word.
  s = s.replace(/(?<![\p{L}\p{N}])((?:\p{L}\.){2,}\p{L}?)(?![\p{L}\p{N}])/gu, (m) => m.replace(/\./g, ''));
  s = s.replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
  return s;
}

function stripMarks(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** foldText for plain ASCII (OFAC's files, most queries): the same rules with ASCII-only expressions. */
function foldAscii(text: string): string {
  let s = text.toLowerCase();
  if (s.includes("'") || s.includes('`') || s.includes('?')) s = s.replace(/['`]/g, '').replace(/(?<=[a-z])\?+(?=[a-z])/g, '');
  if (s.includes('&')) s = s.replace(/&/g, ' and ');
  if (s.includes('.')) s = s.replace(/(?<![a-z0-9])((?:[a-z]\.){2,}[a-z]?)(?![a-z0-9])/g, (m) => m.replace(/\./g, ''));
  return s.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** A word of a name as typed, folded, with the typographic hints the original carried. */
export interface RawToken {
  /** folded form */
  text: string;
  /** the original word was written in capitals (≥ 2 letters), as OFAC and Mexican records write surnames */
  caps: boolean;
  /** the original word carried a trailing period ("Lic.", "Ma.", "J.") — an abbreviation */
  dotted: boolean;
}

/**
 * Splits a name into folded words, remembering capitalisation (a mixed-case name such as
 * "Jose de Jesus ALCAZAR CONTRERAS" marks its surnames in capitals) and abbreviation dots.
 */
export function tokenizeName(text: string): RawToken[] {
  const out: RawToken[] = [];
  for (const chunk of text.split(/[\s,;:/()[\]{}"“”«»|]+/)) {
    if (!chunk) continue;
    const folded = foldText(chunk);
    if (!folded) continue;
    const caps = isCaps(chunk);
    const dotted = /\.$/.test(chunk);
    for (const w of folded.split(' ')) out.push({ text: w, caps, dotted });
  }
  return out;
}

/** Two or more letters, all capitals (a word without case, as in Arabic or Chinese, is not "in capitals"). */
function isCaps(chunk: string): boolean {
  let letters = 0;
  if (isAscii(chunk)) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c >= 97 && c <= 122) return false;
      if (c >= 65 && c <= 90) letters++;
    }
    return letters >= 2;
  }
  const only = chunk.replace(/[^\p{L}]/gu, '');
  return only.length >= 2 && only === only.toUpperCase() && only !== only.toLowerCase();
}
