/**
 * Identifiers in the shapes real registers use, with synthetic content:
 * CURP and RFC (Mexico, RENAPO / SAT rules for the letters; random homoclave), SSNs in the 9xx area
 * (never issued as SSNs), EINs, CLABE account numbers with their real check digit, passports.
 */
import type { Rng } from '../rng';

/** Upper case, accents removed, Ñ kept as Ñ (callers decide how to write it). */
function plainUpper(s: string): string {
  return s.toUpperCase().replace(/Ñ/g, '\u0000').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\u0000/g, 'Ñ');
}

/** Particles skipped when taking letters from a name (RENAPO instructivo, Anexo 2). */
const PARTICLES = new Set(['DA', 'DAS', 'DE', 'DEL', 'DER', 'DI', 'DIE', 'DD', 'EL', 'LA', 'LOS', 'LAS', 'LE', 'LES', 'MAC', 'MC', 'VAN', 'VON', 'Y']);

/** Memoises a pure string function: names repeat (a few hundred distinct values), draws do not need to. */
function memo(f: (s: string) => string): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) cache.set(s, (v = f(s)));
    return v;
  };
}

/** The significant word of a surname or given name: "de la Cruz" → "CRUZ". */
const significant = memo((name: string): string => {
  const words = plainUpper(name).split(/[\s-]+/).filter(Boolean);
  return words.find((w) => !PARTICLES.has(w)) ?? words[0] ?? 'X';
});

/** Given name used for CURP/RFC: a leading "José"/"María" of a compound name is skipped. */
const curpGiven = memo((given: string): string => {
  const words = plainUpper(given).split(/\s+/).filter((w) => w && !PARTICLES.has(w));
  if (words.length > 1 && ['JOSE', 'J', 'J.', 'MARIA', 'MA', 'MA.', 'M', 'M.'].includes(words[0]!)) return words[1]!;
  return words[0] ?? 'X';
});

const VOWELS = 'AEIOU';
const firstInternal = (w: string, wantVowel: boolean) => {
  for (let i = 1; i < w.length; i++) {
    const c = w[i]!;
    if (!/[A-ZÑ]/.test(c)) continue;
    if (VOWELS.includes(c) === wantVowel) return c === 'Ñ' ? 'X' : c;
  }
  return 'X';
};
const letter = (w: string) => (w[0] === 'Ñ' ? 'X' : (w[0] ?? 'X'));

/** Four-letter words RENAPO replaces (second letter → X) so that no CURP/RFC spells them. */
const INCONVENIENT = new Set(['BACA', 'BAKA', 'BUEI', 'BUEY', 'CACA', 'CACO', 'CAGA', 'CAGO', 'CAKA', 'CAKO', 'COGE', 'COGI', 'COJA',
  'COJE', 'COJI', 'COJO', 'COLA', 'CULO', 'FALO', 'FETO', 'GETA', 'GUEI', 'GUEY', 'JETA', 'JOTO', 'KACA', 'KACO', 'KAGA', 'KAGO',
  'KAKA', 'KAKO', 'KOGE', 'KOGI', 'KOJA', 'KOJE', 'KOJI', 'KOJO', 'KOLA', 'KULO', 'LILO', 'LOCA', 'LOCO', 'LOKA', 'LOKO', 'MAME',
  'MAMO', 'MEAR', 'MEAS', 'MEON', 'MIAR', 'MION', 'MOCO', 'MOKO', 'MULA', 'MULO', 'NACA', 'NACO', 'PEDA', 'PEDO', 'PENE', 'PIPI',
  'PITO', 'POPO', 'PUTA', 'PUTO', 'QULO', 'RATA', 'ROBA', 'ROBE', 'ROBO', 'RUIN', 'SENO', 'TETA', 'VACA', 'VAGA', 'VAGO', 'VAKA',
  'VUEI', 'VUEY', 'WUEI', 'WUEY']);

function nameKey(paternal: string, maternal: string, given: string): string {
  const p = significant(paternal);
  const m = maternal ? significant(maternal) : '';
  const g = curpGiven(given);
  let key = letter(p) + firstInternal(p, true) + (m ? letter(m) : 'X') + letter(g);
  if (INCONVENIENT.has(key)) key = key[0] + 'X' + key.slice(2);
  return key;
}

const yymmdd = (isoDate: string) => isoDate.slice(2, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);

/** CURP check digit (RENAPO): Σ value(c_i)·(18−i) over the first 17 characters, then (10 − Σ mod 10) mod 10. */
export function curpCheckDigit(first17: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(first17[i]!) * (18 - i);
  return String((10 - (sum % 10)) % 10);
}

export interface CurpInput { paternal: string; maternal: string; given: string; birthDate: string; sex: 'H' | 'M'; stateCode: string }

/** A CURP of the right shape and check digit; the homoclave (position 17) is random, digit before 2000 and letter after. */
export function makeCurp(rng: Rng, p: CurpInput): string {
  const pat = significant(p.paternal);
  const mat = p.maternal ? significant(p.maternal) : '';
  const giv = curpGiven(p.given);
  const head = nameKey(p.paternal, p.maternal, p.given) + yymmdd(p.birthDate) + p.sex + p.stateCode
    + firstInternal(pat, false) + (mat ? firstInternal(mat, false) : 'X') + firstInternal(giv, false);
  const homoclave = Number(p.birthDate.slice(0, 4)) < 2000 ? rng.digits(1) : rng.chars('ABCDEFGHIJKLMNPQRSTUVWXYZ', 1);
  const first17 = head + homoclave;
  return first17 + curpCheckDigit(first17);
}

const HOMOCLAVE = 'ABCDEFGHIJKLMNPQRSTUVWXYZ123456789';

/** RFC of a natural person (13 characters): CURP's four letters, date of birth, 3-character homoclave. */
export function makePersonRfc(rng: Rng, p: { paternal: string; maternal: string; given: string; birthDate: string }): string {
  return nameKey(p.paternal, p.maternal, p.given) + yymmdd(p.birthDate) + rng.chars(HOMOCLAVE, 2) + rng.chars('0123456789A', 1);
}

const COMPANY_STOP = new Set(['DE', 'DEL', 'LA', 'LAS', 'LOS', 'EL', 'Y', 'E', 'EN', 'CON', 'PARA', 'POR', 'COMPANIA', 'CIA', 'SOCIEDAD', 'GRUPO']);

/** RFC of a legal person (12 characters): three letters from the company's name, incorporation date, homoclave. */
export function makeCompanyRfc(rng: Rng, name: string, incorporationDate: string): string {
  const words = plainUpper(name).replace(/[^A-ZÑ ]/g, ' ').split(/\s+/).filter((w) => w && !COMPANY_STOP.has(w));
  let letters = words.length >= 3 ? words.slice(0, 3).map((w) => w[0]).join('')
    : words.length === 2 ? words[0]![0]! + words[1]!.slice(0, 2) : (words[0] ?? 'XXX').slice(0, 3);
  letters = letters.replace(/Ñ/g, '&').padEnd(3, 'X');
  return letters + yymmdd(incorporationDate) + rng.chars(HOMOCLAVE, 2) + rng.chars('0123456789A', 1);
}

/**
 * SSN-shaped number in the 900–999 area, which the SSA never issues as an SSN. Group numbers are kept to
 * 01–49, 66–69, 89 and 93, outside the IRS's ITIN groups (50–65, 70–88, 90–92, 94–99), so none is an ITIN either.
 */
const SSN_GROUPS = [...Array.from({ length: 49 }, (_, i) => i + 1), 66, 67, 68, 69, 89, 93].map((g) => String(g).padStart(2, '0'));
export function makeFakeSsn(rng: Rng): string {
  const group = rng.pick(SSN_GROUPS);
  return `${rng.int(900, 999)}-${group}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

/** EIN shape NN-NNNNNNN with a prefix the IRS assigns (campus / internet prefixes). */
export function makeEin(rng: Rng): string {
  const prefix = rng.pick(['20', '26', '27', '45', '46', '47', '74', '75', '76', '81', '82', '83', '84', '85', '86', '87', '88', '92', '93', '98']);
  return `${prefix}-${rng.digits(7)}`;
}

/** CLABE check digit (Banxico): weights 3,7,1 repeating, Σ (d·w mod 10), then (10 − Σ mod 10) mod 10. */
export function clabeCheckDigit(first17: string): string {
  const w = [3, 7, 1];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (Number(first17[i]) * w[i % 3]!) % 10;
  return String((10 - (sum % 10)) % 10);
}

/** An 18-digit CLABE: bank code, plaza (3), account (11), check digit. */
export function makeClabe(rng: Rng, bankCode: string): string {
  const first17 = bankCode + rng.pick(['010', '028', '180', '320', '580', '680', '700', '760']) + rng.digits(11);
  return first17 + clabeCheckDigit(first17);
}

export function makeUsAccountNumber(rng: Rng): string {
  return String(rng.int(1, 9)) + rng.digits(rng.int(8, 11));
}

/** Mexican passport: letter + 8 digits; U.S. passport book: 9 digits or letter + 8 digits (newer books). */
export function makePassport(rng: Rng, country: 'MX' | 'US'): string {
  if (country === 'MX') return rng.pick(['G', 'N', 'M']) + rng.digits(8);
  return rng.chance(0.6) ? String(rng.int(1, 9)) + rng.digits(8) : 'A' + rng.digits(8);
}

/** Folio Mercantil Electrónico of the Registro Público de Comercio (shape "N-2019012345"). */
export function makeFolioMercantil(rng: Rng, incorporationDate: string): string {
  return `N-${incorporationDate.slice(0, 4)}${rng.digits(6)}`;
}

/** State filing number: Texas SOS file numbers start 080…, California LLCs carry the filing year. */
export function makeUsFileNumber(rng: Rng, stateAbbr: string, incorporationDate: string): string {
  if (stateAbbr === 'TX') return '080' + rng.digits(7);
  if (stateAbbr === 'CA') return incorporationDate.slice(0, 4) + rng.digits(8);
  return String(rng.int(1, 9)) + rng.digits(6);
}
