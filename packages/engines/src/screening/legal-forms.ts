/**
 * Legal forms of companies in Spanish, English and the other languages common on designation lists, spelled out
 * or abbreviated. The approach follows rigour's `org_types.yml` (opensanctions/rigour, MIT): every variant maps
 * to one *compare* code, and codes share a *generic* class (LLC-like, JSC-like…) so that "OAO" and "JSC" agree while
 * "AG" and "GmbH" do not. The table is our own selection; Mexican forms follow the Ley General de Sociedades
 * Mercantiles (arts. 1, 58, 87, 213) and the Ley del Mercado de Valores (S.A.P.I., S.A.B.).
 *
 * Matching is done on the *compact* spelling (letters only, spaces and dots removed) of the last (or first) one
 * to seven words, so "S.A. de C.V.", "SA DE CV", "S.A.DE C.V." and "Sociedad Anónima de Capital Variable" are
 * all found without listing every punctuation variant.
 */

export interface LegalForm { code: string; generic: string }

/** compare code → [generic class, compact spellings…] */
const FORMS: Record<string, [string, ...string[]]> = {
  // Mexico and the Spanish-speaking world
  SACV: ['JSC', 'sadecv', 'sacv', 'sociedadanonimadecapitalvariable', 'socanondecapvar'],
  SAPICV: ['JSC', 'sapidecv', 'sapicv', 'sociedadanonimapromotoradeinversiondecapitalvariable'],
  SAPI: ['JSC', 'sapi', 'sociedadanonimapromotoradeinversion'],
  SABCV: ['JSC', 'sabdecv', 'sabcv', 'sociedadanonimabursatildecapitalvariable'],
  SRLCV: ['LLC', 'sderldecv', 'srldecv', 'srlcv', 'sociedadderesponsabilidadlimitadadecapitalvariable'],
  SRL: ['LLC', 'sderl', 'srl', 'sociedadderesponsabilidadlimitada', 'societaaresponsabilitalimitata'],
  SA: ['JSC', 'sa', 'sociedadanonima', 'societeanonyme', 'sociedadeanonima'],
  SAS: ['JSC', 'sas', 'sociedadporaccionessimplificada', 'societeparactionssimplifiee'],
  SC: ['GP', 'sc', 'sociedadcivil'],
  SCRL: ['COOP', 'scderl', 'scdrl', 'sociedadcooperativaderesponsabilidadlimitada'],
  SPR: ['COOP', 'sprderl', 'sprdrl', 'sprderi', 'sociedaddeproduccionrural'],
  SENC: ['LP', 'senc', 'senc', 'sociedadencomandita', 'scs', 'sociedadencomanditasimple'],
  AC: ['NGO', 'ac', 'asociacioncivil'],
  IAP: ['NGO', 'iap', 'instituciondeasistenciaprivada'],
  LTDA: ['LLC', 'ltda', 'limitada'],
  // English
  LLC: ['LLC', 'llc', 'limitedliabilitycompany', 'lc'],
  INC: ['JSC', 'inc', 'incorporated'],
  CORP: ['JSC', 'corp', 'corporation'],
  LTD: ['LLC', 'ltd', 'limited', 'ltdco', 'coltd', 'companylimited'],
  PLC: ['JSC', 'plc', 'publiclimitedcompany'],
  LLP: ['LLP', 'llp', 'limitedliabilitypartnership'],
  LP: ['LP', 'lp', 'limitedpartnership'],
  PTYLTD: ['LLC', 'ptyltd', 'proprietarylimited'],
  PTELTD: ['LLC', 'pteltd', 'privatelimited'],
  CO: ['', 'co', 'company', 'compania', 'cia'],
  // German, Dutch, French, Italian, Nordic, Polish
  GMBH: ['LLC', 'gmbh', 'gesellschaftmitbeschrankterhaftung'],
  AG: ['JSC', 'ag', 'aktiengesellschaft'],
  BV: ['LLC', 'bv', 'beslotenvennootschap'],
  NV: ['JSC', 'nv', 'naamlozevennootschap'],
  SARL: ['LLC', 'sarl', 'societearesponsabilitelimitee'],
  SPA: ['JSC', 'spa', 'societaperazioni'],
  AB: ['JSC', 'ab', 'aktiebolag'],
  AS: ['JSC', 'as', 'asa', 'aksjeselskap'],
  OY: ['JSC', 'oy', 'oyj'],
  SPZOO: ['LLC', 'spzoo', 'spolkazograniczonaodpowiedzialnoscia'],
  KFT: ['LLC', 'kft'],
  // Russian and post-Soviet (folded from Cyrillic as well)
  OOO: ['LLC', 'ooo', 'obshchestvosogranichennoyotvetstvennostyu'],
  TOO: ['LLC', 'too'],
  OAO: ['JSC', 'oao', 'ojsc', 'openjointstockcompany', 'otkrytoeaktsionernoeobshchestvo'],
  ZAO: ['JSC', 'zao', 'cjsc', 'closedjointstockcompany', 'zakrytoeaktsionernoeobshchestvo'],
  PAO: ['JSC', 'pao', 'pjsc', 'publicjointstockcompany', 'publichnoeaktsionernoeobshchestvo'],
  AO: ['JSC', 'ao', 'jsc', 'jointstockcompany', 'aktsionernoeobshchestvo'],
  // Asia, Middle East
  PT: ['JSC', 'pt', 'perseroanterbatas'],
  FZE: ['LLC', 'fze', 'fzco', 'fzllc', 'freezoneestablishment'],
};

/** compact spelling → form */
const BY_COMPACT = new Map<string, LegalForm>();
let maxCompactLength = 0;
for (const [code, [generic, ...spellings]] of Object.entries(FORMS)) {
  for (const s of spellings) {
    BY_COMPACT.set(s, { code, generic });
    maxCompactLength = Math.max(maxCompactLength, s.length);
  }
}

/** Forms that are written *before* the name (OOO Gazprom, PT Astra, JSC Murom…). */
const PREFIX_CODES = new Set(['OOO', 'OAO', 'ZAO', 'PAO', 'AO', 'TOO', 'PT', 'LLC', 'SA', 'SRL']);

const MAX_WORDS = 8;

export interface FoundForm { form: LegalForm; start: number; end: number }

/**
 * Finds the legal forms at the end and at the start of a folded word list ("JSC TACTICAL MISSILES CORPORATION"
 * has both). The longest spelling wins at each end ("S. de R.L. de C.V." over "C.V." alone); at least one word
 * must remain, so "LIMITED" alone is a name, not a form.
 */
export function findLegalForms(words: string[]): FoundForm[] {
  const n = words.length;
  let suffix: FoundForm | null = null;
  let compact = '';
  for (let k = n - 1; k >= 1 && n - k <= MAX_WORDS; k--) {
    compact = words[k] + compact;
    if (compact.length > maxCompactLength) break;
    const f = BY_COMPACT.get(compact);
    if (f) suffix = { form: f, start: k, end: n };
  }
  const limit = suffix ? suffix.start : n;
  let prefix: FoundForm | null = null;
  compact = '';
  for (let k = 0; k < limit - 1 && k < MAX_WORDS; k++) {
    compact += words[k];
    if (compact.length > maxCompactLength) break;
    const f = BY_COMPACT.get(compact);
    if (f && PREFIX_CODES.has(f.code)) prefix = { form: f, start: 0, end: k + 1 };
  }
  return [prefix, suffix].filter((x): x is FoundForm => x !== null);
}

/** Whether two legal forms contradict each other (different generic classes; "Co." contradicts nothing). */
export function legalFormsConflict(a: LegalForm, b: LegalForm): boolean {
  if (a.code === b.code) return false;
  if (!a.generic || !b.generic) return false;
  return a.generic !== b.generic;
}

/** Two names' legal forms contradict when both have some and no pair of them agrees. */
export function legalFormSetsConflict(a: LegalForm[], b: LegalForm[]): boolean {
  if (!a.length || !b.length) return false;
  return a.every((x) => b.every((y) => legalFormsConflict(x, y)));
}
