/**
 * FollowTheMoney's property types and the cheap checks Puente applies to their values.
 *
 * FtM defines its 21 types in code (followthemoney/types/*.py), not in the schema YAML, so the registry is
 * written out here; labels, `matchable` and `maxLength` are those of FtM 3.8.4 (`types` in defaultModel.json).
 * Every check below is a precompiled regular expression or a set lookup: the import path validates every
 * value of every line, and the platform benchmark needs ≥ 20,000 entities/s end to end.
 */

export interface PropertyType {
  name: string;
  label: string;
  plural: string;
  /** Values of this type are compared when matching entities (FtM `matchable`). */
  matchable: boolean;
  /** FtM's storage limit for one value of this type. */
  maxLength: number;
}

const row = (name: string, label: string, plural: string, matchable: boolean, maxLength: number): PropertyType =>
  ({ name, label, plural, matchable, maxLength });

export const PROPERTY_TYPES: ReadonlyMap<string, PropertyType> = new Map([
  row('address', 'Address', 'Addresses', true, 250),
  row('checksum', 'Checksum', 'Checksums', true, 40),
  row('country', 'Country', 'Countries', true, 16),
  row('date', 'Date', 'Dates', true, 32),
  row('email', 'E-Mail Address', 'E-Mail Addresses', true, 250),
  row('entity', 'Entity', 'Entities', true, 200),
  row('gender', 'Gender', 'Genders', false, 16),
  row('html', 'HTML', 'HTMLs', false, 65000),
  row('iban', 'IBAN', 'IBANs', true, 64),
  row('identifier', 'Identifier', 'Identifiers', true, 64),
  row('ip', 'IP-Address', 'IP-Addresses', true, 64),
  row('json', 'Nested data', 'Nested data', false, 250),
  row('language', 'Language', 'Languages', false, 16),
  row('mimetype', 'MIME-Type', 'MIME-Types', false, 250),
  row('name', 'Name', 'Names', true, 384),
  row('number', 'Number', 'Numbers', false, 250),
  row('phone', 'Phone number', 'Phone numbers', true, 64),
  row('string', 'Label', 'Labels', false, 1024),
  row('text', 'Text', 'Texts', false, 65000),
  row('topic', 'Topic', 'Topics', false, 64),
  row('url', 'URL', 'URLs', true, 4096),
].map((t) => [t.name, t]));

/**
 * FtM entity ids: non-empty, at most 200 characters (the `entity` type's maxLength), from the characters
 * FtM's own id makers and OpenSanctions use (hex digests, slugs, `ns.sign` suffixes, `Q`-ids).
 */
const ID_RE = /^[A-Za-z0-9._:-]{1,200}$/;
export function isEntityId(v: string): boolean {
  return ID_RE.test(v);
}

/**
 * FtM dates carry their precision in their length: `2021`, `2021-02`, `2021-02-16`, `2021-02-16T21`,
 * `2021-02-16T21:48`, `2021-02-16T21:48:52` (FtM `date` type). Puente also accepts the ISO 8601
 * fractional seconds and a `Z` or ±hh:mm offset, as exporters write them.
 */
const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T([01]\d|2[0-3])(?::[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?)?)?$/;
/** Full-precision forms only (YYYY-MM-DD, optionally with a time): record timestamps and retention dates. */
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function calendarOk(y: string, m: string | undefined, d: string | undefined): boolean {
  if (m === undefined) return true;
  const month = +m;
  if (month < 1 || month > 12) return false;
  if (d === undefined) return true;
  const day = +d;
  return day >= 1 && day <= daysIn(+y, month);
}

/** A value of FtM type `date`, with a real calendar day (2023-02-30 is refused). */
export function isFtmDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  return m !== null && calendarOk(m[1], m[2], m[3]);
}

/** A date with day precision or finer (`first_seen`, `last_seen`). */
export function isTimestamp(v: string): boolean {
  const m = DATE_RE.exec(v);
  return m !== null && m[3] !== undefined && calendarOk(m[1], m[2], m[3]);
}

/** An ISO 8601 calendar date, exactly YYYY-MM-DD (`retention_until`, a SQL `date`). */
export function isIsoDay(v: string): boolean {
  const m = DAY_RE.exec(v);
  return m !== null && calendarOk(m[1], m[2], m[3]);
}

/**
 * FtM `country`: ISO 3166-1 alpha-2 in either case, plus the few historic and disputed territories FtM
 * names with longer codes (its `country` type is descriptive, "not normative, about geopolitics").
 */
const COUNTRY_RE = /^[A-Za-z]{2}$/;
const FTM_LONG_COUNTRIES = new Set([
  'az-nk', 'cn-xz', 'cshh', 'csxx', 'cy-trnc', 'gb-nir', 'gb-sct', 'gb-wls', 'ge-ab', 'iq-kr', 'md-pmr',
  'pk-km', 'so-som', 'suhh', 'ua-cri', 'ua-dpr', 'ua-lpr', 'x-so', 'yucs',
]);
export function isCountry(v: string): boolean {
  return COUNTRY_RE.test(v) || (v.length <= 7 && FTM_LONG_COUNTRIES.has(v.toLowerCase()));
}

/** ISO 3166-1 alpha-2 only: the owner country of a record is a node's country. */
export function isCountryCode(v: string): boolean {
  return COUNTRY_RE.test(v);
}

/**
 * Value formats Puente's own schemata declare (`format:` in packages/model/schema/*.yaml) and that
 * validation checks. FtM's own formats (qid, isin, lei, …) are descriptive and not checked here.
 */
export const CHECKED_FORMATS = ['boolean', 'cas', 'hs'] as const;
export type CheckedFormat = (typeof CHECKED_FORMATS)[number];

/** CAS Registry Number: 2–7 digits, 2 digits, check digit = Σ(position × digit) mod 10, positions from the right. */
const CAS_RE = /^(\d{2,7})-(\d{2})-(\d)$/;
export function isCasNumber(v: string): boolean {
  const m = CAS_RE.exec(v);
  if (!m) return false;
  const digits = m[1] + m[2];
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.length - i) * (digits.charCodeAt(i) - 48);
  return sum % 10 === +m[3];
}

/** Harmonized System code: heading (4 digits) and optional 2-digit levels up to a 10-digit national line,
 *  with or without dots (`2915`, `2915.24`, `291524`, `2933.39.90.73`). */
const HS_RE = /^\d{4}(?:\.?\d{2}){0,3}$/;
export function isHsCode(v: string): boolean {
  return HS_RE.test(v);
}

/** FtM has no boolean type; Puente's flags (e.g. an obliterated serial) are the strings `true` / `false`. */
export function isBooleanText(v: string): boolean {
  return v === 'true' || v === 'false';
}
