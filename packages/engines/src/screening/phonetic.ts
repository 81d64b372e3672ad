/**
 * A phonetic key for names written in Spanish spelling (and usable on English spellings of them).
 *
 * English keys (Soundex, Metaphone) encode English spelling rules and are a documented source of bias on
 * non-English names (Splink, "bias in record linkage", 2024). No npm package implements a Spanish key, so this
 * one is written here. It encodes how Mexican (Latin American) Spanish *sounds*, so that spellings of the same
 * pronunciation share a key. Rules, in the order applied, with their source:
 *
 *  1. Seseo: c before e/i, z and s are all /s/ in Latin American Spanish (RAE–ASALE, *Nueva gramática de la
 *     lengua española. Fonética y fonología* (2011) §4.6; *Ortografía* (2010) §6.2.2.2).  → "s"
 *  2. c before a/o/u or a consonant, k, q(u) are /k/; "qu" before e/i writes /k/ with a silent u
 *     (*Ortografía* 2010 §6.2.2.1).  → "k"
 *  3. Betacismo: b, v (and w in loanwords such as Wenceslao, Wladimir) are one phoneme /b/ (*Ortografía* §6.2.1.1;
 *     *Fonética* §4.3).  → "b"
 *  4. Yeísmo: ll and consonantal y are one phoneme /ʝ/ in nearly all of the Americas (*Fonética* §6.9); y at the
 *     end of a word or before a consonant is the vowel /i/ (Godoy, Reyna).  → "y" / "i"
 *  5. h is silent except in ch (*Ortografía* §6.2.3); English th, ph, gh, kh, sh are read t, f, g, k, and the
 *     affricate ch and the fricative sh both keep one symbol "C" (northern Mexican [ʃ] for ch).
 *  6. g before e/i and j are /x/; gu before e/i writes /g/ with a silent u; gü writes /gw/ (*Ortografía* §6.2.2.3).
 *     → "j" / "g"
 *  7. x: in Mexican names the old spelling x stands for /x/ (México, Oaxaca, Ximénez, Xavier, Mexía) —
 *     *Ortografía* §6.2.2.3 note on "x" in Mexican toponyms and surnames; before a consonant or at the end of a
 *     word it is read /s/ or /ks/ (extranjero, Félix).  → "j" at the start or between vowels, "s" otherwise
 *  8. ñ → n (OFAC and U.S. records drop the tilde; the folding in text.ts already did it); "ny" before a vowel is
 *     the same sound written the Catalan/English way.  → "n"
 *  9. Doubled letters are one sound (rr is kept apart from r in Spanish, but records and typists confuse them;
 *     the edit distance, not the key, decides how close they are).
 * Vowels are kept: Spanish has five stable vowels, and dropping them (as Metaphone does) would merge names such
 * as Lara/Lora/Lira that are different surnames.
 */

const VOWEL = new Set(['a', 'e', 'i', 'o', 'u']);
const isVowel = (c: string | undefined) => c !== undefined && VOWEL.has(c);
const isFront = (c: string | undefined) => c === 'e' || c === 'i' || c === 'y';

/** The Spanish-aware phonetic key of one folded word (a–z, digits). */
export function phoneticKey(word: string): string {
  const s = word;
  const n = s.length;
  let out = '';
  for (let i = 0; i < n; i++) {
    const c = s[i];
    const next = s[i + 1];
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u':
        out += c;
        break;
      case 'y':
        // rule 4: vowel y at the end or before a consonant; consonantal y otherwise
        out += i === n - 1 || (!isVowel(next) && next !== undefined) ? 'i' : 'y';
        break;
      case 'l':
        if (next === 'l') { out += 'y'; i++; } else out += 'l';
        break;
      case 'c':
        if (next === 'h') { out += 'C'; i++; }
        else if (isFront(next)) out += 's';
        else out += 'k';
        break;
      case 'q':
        out += 'k';
        if (next === 'u' && isFront(s[i + 2])) i++;
        break;
      case 'k':
        out += 'k';
        if (next === 'h') i++;
        break;
      case 'z':
      case 's':
        if (c === 's' && next === 'h') { out += 'C'; i++; } else out += 's';
        break;
      case 'g':
        if (next === 'u' && isFront(s[i + 2])) { out += 'g'; i++; }
        else if (isFront(next)) out += 'j';
        else { out += 'g'; if (next === 'h') i++; }
        break;
      case 'j':
        out += 'j';
        break;
      case 'x':
        out += i === 0 || (isVowel(s[i - 1]) && isVowel(next)) ? 'j' : 's';
        break;
      case 'h':
        break; // rule 5: silent
      case 'b': case 'v': case 'w':
        out += 'b';
        break;
      case 'p':
        if (next === 'h') { out += 'f'; i++; } else out += 'p';
        break;
      case 't':
        out += 't';
        if (next === 'h') i++;
        break;
      case 'n':
        out += 'n';
        if (next === 'y' && isVowel(s[i + 2])) i++; // rule 8
        break;
      default:
        out += c; // d f l m r, digits and letters of other scripts
    }
  }
  // rule 9: collapse runs of the same symbol
  let key = '';
  for (let i = 0; i < out.length; i++) if (out[i] !== out[i - 1]) key += out[i];
  return key;
}
