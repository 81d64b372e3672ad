/**
 * OFAC's advanced XML (sdn_advanced.xml, cons_advanced.xml; the UN "Sanctions" 1.0 schema OFAC publishes):
 * reference value sets first (alias types, name-part types, party sub-types, feature types, countries), then
 * Locations, then one <DistinctParty FixedRef="ent_num"> per entry, with its Profile → Identity → Alias
 * (Primary="true" for the primary name, LowQuality="true" for a weak alias) → DocumentedName →
 * DocumentedNamePart → NamePartValue (typed through NamePartGroups: Last Name, First Name, Middle Name…),
 * and Features (Birthdate, Place of Birth, Nationality Country, Citizenship Country, Location, Gender) that point
 * at Locations; SanctionsEntries come last and carry the programmes.
 */
import { basename } from 'node:path';
import { ListParseError } from './errors';
import { applyRemarks, newEntry, type OfacEntry, type OfacType } from './model';
import { child, children, descendants, textOf, xmlElements, type XmlNode } from './xml';

const REFERENCE = new Set(['AliasType', 'NamePartType', 'PartySubType', 'PartyType', 'FeatureType', 'Country', 'SanctionsType']);
const CAPTURE = new Set([...REFERENCE, 'Location', 'DistinctParty', 'SanctionsEntry']);

interface Refs {
  values: Map<string, Map<string, XmlNode>>;
  locations: Map<string, XmlNode>;
}

const refText = (refs: Refs, set: string, id: string | undefined) => (id ? refs.values.get(set)?.get(id)?.text.trim() ?? '' : '');

function partyType(refs: Refs, subTypeId: string | undefined): OfacType | null {
  const sub = subTypeId ? refs.values.get('PartySubType')?.get(subTypeId) : undefined;
  const texts = [sub?.text ?? '', refText(refs, 'PartyType', sub?.attrs.PartyTypeID)].map((t) => t.trim().toLowerCase());
  for (const t of texts) {
    if (t === 'individual') return 'individual';
    if (t === 'entity') return 'entity';
    if (t === 'vessel') return 'vessel';
    if (t === 'aircraft') return 'aircraft';
  }
  return null;
}

/** One DocumentedName → a name string ("LAST, First Middle" for individuals). */
function documentedName(refs: Refs, dn: XmlNode, groupTypes: Map<string, string>, type: OfacType): string {
  const last: string[] = [];
  const given: string[] = [];
  const other: string[] = [];
  for (const part of children(dn, 'DocumentedNamePart')) {
    const v = child(part, 'NamePartValue');
    const value = v?.text.trim();
    if (!v || !value) continue;
    const kind = refText(refs, 'NamePartType', groupTypes.get(v.attrs.NamePartGroupID ?? '')).toLowerCase();
    if (kind === 'last name' || kind === 'maiden name') last.push(value);
    else if (kind === 'first name' || kind === 'middle name' || kind === 'patronymic' || kind === 'matronymic') given.push(value);
    else other.push(value);
  }
  if (type === 'individual' && last.length && (given.length || other.length)) return `${last.join(' ')}, ${[...given, ...other].join(' ')}`;
  return [...given, ...last, ...other].join(' ');
}

const pad = (n: string) => n.padStart(2, '0');

/** A DatePeriod → 'YYYY-MM-DD' | 'YYYY-MM' | 'YYYY' | 'YYYY/YYYY'. */
function datePeriod(dp: XmlNode): string | null {
  const start = child(dp, 'Start');
  const end = child(dp, 'End');
  const from = child(start, 'From') ?? child(start, 'To');
  const to = child(end, 'To') ?? child(end, 'From') ?? child(start, 'To') ?? from;
  const y1 = textOf(from, 'Year');
  const y2 = textOf(to, 'Year') || y1;
  if (!/^\d{4}$/.test(y1) || !/^\d{4}$/.test(y2)) return null;
  if (start?.attrs.Approximate === 'true' && y1 === y2) return `${+y1 - 1}/${+y1 + 1}`;
  if (y1 !== y2) return `${y1}/${y2}`;
  const m1 = textOf(from, 'Month');
  const m2 = textOf(to, 'Month');
  const d1 = textOf(from, 'Day');
  const d2 = textOf(to, 'Day');
  if (m1 && m1 === m2 && d1 && d1 === d2) return `${y1}-${pad(m1)}-${pad(d1)}`;
  if (m1 && m1 === m2) return `${y1}-${pad(m1)}`;
  return y1;
}

function locationCountry(refs: Refs, locationId: string | undefined): string | undefined {
  const loc = locationId ? refs.locations.get(locationId) : undefined;
  const countryId = child(loc, 'LocationCountry')?.attrs.CountryID;
  return countryId ? refs.values.get('Country')?.get(countryId)?.attrs.ISO2 : undefined;
}

function locationText(refs: Refs, locationId: string | undefined): { text: string; country: string } {
  const loc = locationId ? refs.locations.get(locationId) : undefined;
  const parts = loc ? descendants(loc, 'Value').map((v) => v.text.trim()).filter(Boolean) : [];
  const countryId = child(loc, 'LocationCountry')?.attrs.CountryID;
  const country = countryId ? refText(refs, 'Country', countryId) : '';
  return { text: parts.join(', '), country };
}

function readParty(refs: Refs, party: XmlNode, file: string): OfacEntry {
  const ref = party.attrs.FixedRef ?? '';
  if (!/^\d{1,12}$/.test(ref)) throw new ListParseError(file, party.line, 'DistinctParty.FixedRef', ref ? 'not_integer' : 'missing', { value: ref.slice(0, 40) });
  const profile = child(party, 'Profile');
  if (!profile) throw new ListParseError(file, party.line, 'DistinctParty.Profile', 'missing');
  const type = partyType(refs, profile.attrs.PartySubTypeID);
  if (!type) throw new ListParseError(file, profile.line, 'Profile.PartySubTypeID', 'unknown_value', { value: profile.attrs.PartySubTypeID ?? '' });
  const e = newEntry(String(Number(ref)), '', type);
  for (const identity of children(profile, 'Identity')) {
    const groupTypes = new Map<string, string>();
    for (const g of descendants(identity, 'NamePartGroup')) if (g.attrs.ID) groupTypes.set(g.attrs.ID, g.attrs.NamePartTypeID ?? '');
    for (const alias of children(identity, 'Alias')) {
      const aliasType = refText(refs, 'AliasType', alias.attrs.AliasTypeID).toLowerCase();
      const docNames = children(alias, 'DocumentedName');
      // the first documented name is the Latin-script one OFAC's other formats carry; others are original scripts
      docNames.forEach((dn, k) => {
        const name = documentedName(refs, dn, groupTypes, type);
        if (!name) return;
        if (alias.attrs.Primary === 'true' && k === 0 && identity.attrs.Primary !== 'false' && !e.name) { e.name = name; return; }
        const t = aliasType.startsWith('f') ? 'fka' : aliasType.startsWith('n.') ? 'nka' : 'aka';
        if (alias.attrs.LowQuality === 'true') e.weakAliases.push({ name, marker: `${t[0]}.k.a.` as 'a.k.a.' });
        else e.aliases.push({ type: t, name });
      });
    }
  }
  if (!e.name) throw new ListParseError(file, party.line, 'Alias.DocumentedName', 'missing');
  for (const f of children(profile, 'Feature')) {
    const ft = refText(refs, 'FeatureType', f.attrs.FeatureTypeID).toLowerCase();
    for (const v of children(f, 'FeatureVersion')) {
      const locId = child(v, 'VersionLocation')?.attrs.LocationID;
      const detail = child(v, 'VersionDetail');
      if (ft === 'birthdate') {
        const dp = child(v, 'DatePeriod');
        const iso = dp ? datePeriod(dp) : null;
        if (iso && !e.birthDates.includes(iso)) e.birthDates.push(iso);
      } else if (ft === 'place of birth') {
        const loc = locationText(refs, locId);
        const text = [loc.text || detail?.text.trim(), loc.country].filter(Boolean).join(', ');
        if (text) e.birthPlaces.push(text);
      } else if (ft === 'nationality country' || ft === 'citizenship country') {
        const iso = locationCountry(refs, locId) ?? refs.values.get('Country')?.get(detail?.attrs.DetailReferenceID ?? '')?.attrs.ISO2;
        const into = ft.startsWith('nationality') ? e.nationalities : e.citizenships;
        if (iso && !into.includes(iso)) into.push(iso);
      } else if (ft === 'location') {
        const loc = locationText(refs, locId);
        if (loc.text || loc.country) e.addresses.push({ address: loc.text, cityStatePostal: '', country: loc.country });
      } else if (ft === 'gender') {
        const g = (detail?.text.trim() || refText(refs, 'DetailReference', detail?.attrs.DetailReferenceID)).toLowerCase();
        if (g === 'male' || g === 'female') e.gender = g;
      }
    }
  }
  e.remarks = textOf(party, 'Comment') || textOf(profile, 'Comment');
  const weak = e.weakAliases.length;
  applyRemarks(e);
  if (weak) e.weakAliases.splice(weak).forEach((w) => { if (!e.weakAliases.some((x) => x.name === w.name)) e.weakAliases.push(w); });
  return e;
}

export async function readAdvancedXml(path: string, source?: AsyncIterable<string>): Promise<OfacEntry[]> {
  const file = basename(path);
  const refs: Refs = { values: new Map(), locations: new Map() };
  const entries: OfacEntry[] = [];
  const byRef = new Map<string, OfacEntry>();
  const programs: XmlNode[] = [];
  for await (const n of xmlElements(source ?? path, (name) => CAPTURE.has(name), file)) {
    if (REFERENCE.has(n.name)) {
      if (!refs.values.has(n.name)) refs.values.set(n.name, new Map());
      if (n.attrs.ID) refs.values.get(n.name)!.set(n.attrs.ID, n);
    } else if (n.name === 'Location') {
      if (n.attrs.ID) refs.locations.set(n.attrs.ID, n);
    } else if (n.name === 'DistinctParty') {
      const e = readParty(refs, n, file);
      if (byRef.has(e.entNum)) throw new ListParseError(file, n.line, 'DistinctParty.FixedRef', 'duplicate', { id: e.entNum });
      byRef.set(e.entNum, e);
      entries.push(e);
    } else if (n.name === 'SanctionsEntry') {
      programs.push(n);
    }
  }
  // Programmes: SanctionsMeasure comments of type "Program" on the entry's profile.
  for (const s of programs) {
    const e = byRef.get(s.attrs.ProfileID ?? '');
    if (!e) continue;
    for (const m of children(s, 'SanctionsMeasure')) {
      const kind = refText(refs, 'SanctionsType', m.attrs.SanctionsTypeID).toLowerCase();
      const p = textOf(m, 'Comment');
      if (p && (kind === 'program' || !kind) && !e.programs.includes(p)) e.programs.push(p);
    }
  }
  return entries;
}
