/**
 * Name parsing: from a written name to tagged parts (given names, paternal and maternal surnames, organisation
 * words, titles and particles), so that the scorer can tell a dropped maternal surname from a missing paternal one.
 *
 * Spanish naming (screening.md §7): "Given1 Given2 PATERNAL MATERNAL"; OFAC and Mexican registries write
 * "PATERNAL MATERNAL, Given1 Given2"; a second form "PATERNAL de MATERNAL" also occurs; particles (de, del,
 * de la, y) belong to the surname that follows ("DE LA CRUZ") or join two words into one surname ("PAZ Y MIÑO").
 * Where the writing shows the structure we use it: a comma (surnames first), or capitals in a mixed-case name
 * ("Jose de Jesus ALCAZAR CONTRERAS", the convention of OFAC and of Mexican forms), or the list's own surname
 * field. Otherwise the parts stay "unstructured" and the scorer treats the last two as possible surnames.
 */
import { findLegalForms, type LegalForm } from './legal-forms';
import { ARTICLES, DEVOTIONAL_GIVEN, HONORIFICS, ORG_GENERIC, ORG_STOPWORDS, PARTICLES, SUFFIXES, isPatronymic } from './lexicon';
import { tokenizeName, type RawToken } from './text';

/** What a part of a name is. */
export const Role = {
  /** first given name */
  Given1: 1,
  /** a later given name (second, third…) */
  Given: 2,
  /** paternal (first, primary) surname */
  Sur1: 3,
  /** maternal (second) surname, and any further surname word */
  Sur2: 4,
  /** one of the last two words of an unstructured person name of three words or more: a surname, or a middle name */
  SurX: 5,
  /** a word of a person name whose role the writing does not show (one-word names, titles) */
  Person: 6,
  /** a word of an organisation, vessel or aircraft name */
  Org: 7,
  /** a word of a weak alias (nickname) */
  Nick: 8,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const ROLE_NAMES: Record<number, string> = {
  [Role.Given1]: 'given', [Role.Given]: 'middle', [Role.Sur1]: 'paternal', [Role.Sur2]: 'maternal',
  [Role.SurX]: 'surname?', [Role.Person]: 'name', [Role.Org]: 'word', [Role.Nick]: 'nickname',
};

/** Bit flags of a part. */
export const Flag = {
  /** title, particle, article or stop-word: costs nothing when unmatched */
  Optional: 1,
  /** generic organisation word ("Grupo", "International"): half weight */
  Generic: 2,
  /** a single letter (an initial) */
  Initial: 4,
  /** a devotional first given name (María, José) that is often dropped */
  Devotional: 8,
} as const;

export interface NamePart { text: string; role: Role; flags: number }

/** How a name is to be read. */
export type NameKind = 'person' | 'org' | 'object' | 'any' | 'weak';

export interface ParsedName {
  /** parts in written order (legal form words removed) */
  parts: NamePart[];
  /** all folded words joined by one space, legal form included: a literal comparison key */
  literal: string;
  /** the non-optional parts concatenated: catches "VladimirPutin", "Good Will" vs "Goodwill" */
  compact: string;
  /** number of non-optional parts */
  content: number;
  /** legal forms found at the end and/or the start of an organisation name */
  legalForms: LegalForm[];
  /** roles come from the writing (comma, capitals, surname field) rather than from position */
  structured: boolean;
}

/** FtM schema → how its names read. */
export function nameKindOf(schema: string | undefined): NameKind {
  if (!schema) return 'any';
  if (schema === 'Person') return 'person';
  if (schema === 'Vessel' || schema === 'Airplane' || schema === 'Vehicle' || schema === 'Asset') return 'object';
  if (schema === 'Organization' || schema === 'Company' || schema === 'LegalEntity' || schema === 'PublicBody') return 'org';
  return 'any';
}

/**
 * Optional words of a person name: particles anywhere (de, del, la, y, bin, van…); titles only where titles are
 * written, before the name ("Lic. Juan Pérez", "Sr. Don José") — elsewhere "Coronel", "General" or "Doctor" may
 * well be surnames; generational suffixes (Jr., Sr., II) anywhere but the first word; a married name after
 * "Vda. de" / "viuda de".
 */
function personParts(tokens: RawToken[], role: (i: number, content: number) => Role, leadingTitles = true): NamePart[] {
  const parts: NamePart[] = [];
  let content = 0;
  let leading = leadingTitles;
  let married = false;
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens[i].text;
    const title = leading && HONORIFICS.has(text) && i < tokens.length - 1;
    // "María López Vda. de Pérez": a widow's (or wife's) married name follows "viuda de"; it is optional
    if (i > 0 && (text === 'vda' || text === 'viuda')) married = true;
    const optional = married || title || PARTICLES.has(text) || (i > 0 && SUFFIXES.has(text)) || (leadingTitles && i === 0 && SUFFIXES.has(text) && tokens.length > 1);
    if (!title && !PARTICLES.has(text)) leading = false;
    let flags = optional ? Flag.Optional : 0;
    if (text.length === 1 && /\p{L}/u.test(text)) flags |= Flag.Initial;
    parts.push({ text, role: optional ? Role.Person : role(i, content), flags });
    if (!optional) content++;
  }
  return parts;
}

/** A name in which every word is a title or particle ("EL LICENCIADO", "LA SEÑORA") keeps its words. */
function keepSomething(parts: NamePart[]): NamePart[] {
  if (parts.length && parts.every((p) => p.flags & Flag.Optional)) {
    for (const p of parts) p.flags &= ~Flag.Optional;
  }
  return parts;
}

/** Given names → Given1 then Given; the first one is devotional when another follows (María Guadalupe). */
function tagGiven(parts: NamePart[]): void {
  const content = parts.filter((p) => !(p.flags & Flag.Optional));
  content.forEach((p, k) => {
    p.role = k === 0 ? Role.Given1 : Role.Given;
    if (k === 0 && content.length > 1 && DEVOTIONAL_GIVEN.has(p.text)) p.flags |= Flag.Devotional;
  });
}

/** Surname words → Sur1 for the first, Sur2 after; a word joined by "y" continues the previous surname. */
function tagSurnames(parts: NamePart[]): void {
  let seen = 0;
  let prevRole: Role = Role.Sur1;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.flags & Flag.Optional) continue;
    const joined = i > 0 && (parts[i - 1].text === 'y' || parts[i - 1].text === 'e') && seen > 0;
    p.role = joined ? prevRole : seen === 0 ? Role.Sur1 : Role.Sur2;
    prevRole = p.role;
    seen++;
  }
}

/**
 * Unstructured person name: first word given, last two possible surnames, the rest middle names; a patronymic
 * (Viktorovich) is a middle name wherever it stands.
 */
function tagByPosition(parts: NamePart[]): void {
  for (const p of parts) if (!(p.flags & Flag.Optional) && isPatronymic(p.text)) p.role = Role.Given;
  const content = parts.filter((p) => !(p.flags & Flag.Optional) && !isPatronymic(p.text));
  const n = content.length;
  content.forEach((p, k) => {
    if (n === 1) p.role = Role.Person;
    else if (n === 2) p.role = k === 0 ? Role.Given1 : Role.Sur1;
    else p.role = k === 0 ? Role.Given1 : k >= n - 2 ? Role.SurX : Role.Given;
  });
}

function finish(parts: NamePart[], literalTokens: RawToken[], structured: boolean, legalForms: LegalForm[] = []): ParsedName {
  const literal = literalTokens.map((t) => t.text).join(' ');
  let compact = '';
  let content = 0;
  for (const p of parts) if (!(p.flags & Flag.Optional)) { compact += p.text; content++; }
  return { parts, literal, compact, content, legalForms, structured };
}

function parsePerson(text: string, surnames?: string): ParsedName {
  const comma = text.indexOf(',');
  if (comma > 0 && comma < text.length - 1) {
    // "PATERNAL MATERNAL, Given1 Given2" (OFAC, Mexican registries)
    const surTokens = tokenizeName(text.slice(0, comma));
    const givenTokens = tokenizeName(text.slice(comma + 1));
    if (surTokens.length && givenTokens.length) {
      const sur = personParts(surTokens, () => Role.Sur1, false);
      const given = personParts(givenTokens, () => Role.Given);
      tagSurnames(sur);
      tagGiven(given);
      const parts = keepSomething([...given, ...sur]);
      return finish(parts, [...givenTokens, ...surTokens], true);
    }
  }
  const tokens = tokenizeName(text);
  const parts = personParts(tokens, () => Role.Person);
  // Capitals in a mixed-case name mark the surnames ("Jose de Jesus ALCAZAR CONTRERAS").
  const capsContent = tokens.filter((t, i) => t.caps && !(parts[i].flags & Flag.Optional)).length;
  const lowerContent = tokens.filter((t, i) => !t.caps && !(parts[i].flags & Flag.Optional) && t.text.length > 1).length;
  if (capsContent > 0 && lowerContent > 0) {
    const firstCaps = tokens.findIndex((t, i) => t.caps && !(parts[i].flags & Flag.Optional));
    let lastCaps = firstCaps;
    for (let i = firstCaps; i < tokens.length; i++) if (tokens[i].caps && !(parts[i].flags & Flag.Optional)) lastCaps = i;
    // the surname block is contiguous (particles allowed inside); given names are the rest
    const blockOk = tokens.slice(firstCaps, lastCaps + 1).every((t, k) => t.caps || parts[firstCaps + k].flags & Flag.Optional);
    if (blockOk) {
      const sur = parts.slice(firstCaps, lastCaps + 1);
      const given = [...parts.slice(0, firstCaps), ...parts.slice(lastCaps + 1)];
      tagSurnames(sur);
      tagGiven(given);
      return finish(keepSomething(parts), tokens, true);
    }
  }
  // The list's own surname field (FtM lastName) tells where the surnames are.
  if (surnames) {
    const sur = tokenizeName(surnames).map((t) => t.text);
    const words = parts.map((p) => p.text);
    const n = sur.length;
    for (const start of [words.length - n, 0]) {
      if (n > 0 && n < words.length && start >= 0 && sur.every((w, k) => words[start + k] === w)) {
        const surParts = parts.slice(start, start + n);
        const given = start === 0 ? parts.slice(n) : parts.slice(0, start);
        tagSurnames(surParts);
        tagGiven(given);
        return finish(keepSomething(parts), tokens, true);
      }
    }
  }
  keepSomething(parts);
  tagByPosition(parts);
  return finish(parts, tokens, false);
}

function parseOrg(text: string, kind: NameKind): ParsedName {
  const tokens = tokenizeName(text);
  const words = tokens.map((t) => t.text);
  const forms = kind === 'object' ? [] : findLegalForms(words);
  const parts: NamePart[] = [];
  tokens.forEach((t, i) => {
    if (forms.some((f) => i >= f.start && i < f.end)) return;
    let flags = 0;
    if (ORG_STOPWORDS.has(t.text) || (kind === 'object' && (t.text === 'mv' || t.text === 'ms'))) flags |= Flag.Optional;
    else if (ORG_GENERIC.has(t.text)) flags |= Flag.Generic;
    if (t.text.length === 1 && /\p{L}/u.test(t.text)) flags |= Flag.Initial;
    parts.push({ text: t.text, role: Role.Org, flags });
  });
  return finish(keepSomething(parts), tokens, false, forms.map((f) => f.form));
}

/** A query without a schema: a legal form makes it an organisation; otherwise it reads like a person. */
function parseAny(text: string): ParsedName {
  const words = tokenizeName(text).map((t) => t.text);
  if (findLegalForms(words).length) return parseOrg(text, 'org');
  const p = parsePerson(text);
  // Organisation stop-words ("of", "and") are optional here too, since the kind is unknown.
  for (const part of p.parts) if (part.text.length > 1 && ORG_STOPWORDS.has(part.text) && p.parts.length > 1) part.flags |= Flag.Optional;
  return { ...p, parts: keepSomething(p.parts) };
}

/** A weak alias ("El Mencho", 'LA TUTA'): nickname words, leading articles optional. */
function parseWeak(text: string): ParsedName {
  const tokens = tokenizeName(text);
  const parts: NamePart[] = tokens.map((t) => ({
    text: t.text,
    role: Role.Nick,
    flags: (ARTICLES.has(t.text) || HONORIFICS.has(t.text) || PARTICLES.has(t.text) ? Flag.Optional : 0) | (t.text.length === 1 ? Flag.Initial : 0),
  }));
  return finish(keepSomething(parts), tokens, false);
}

/**
 * Parses a name. `kind` says how to read it (from the FtM schema; 'any' for a query without one);
 * `surnames` is the list's own surname field when it has one.
 */
export function parseName(text: string, kind: NameKind = 'any', surnames?: string): ParsedName {
  switch (kind) {
    case 'person': return parsePerson(text, surnames);
    case 'org': case 'object': return parseOrg(text, kind);
    case 'weak': return parseWeak(text);
    default: return parseAny(text);
  }
}
