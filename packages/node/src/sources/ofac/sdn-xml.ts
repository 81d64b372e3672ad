/**
 * OFAC's classic XML (sdn.xml, consolidated.xml; schema "SDN.XSD"): one <sdnEntry> per entry with uid,
 * lastName/firstName, sdnType, programList, akaList (each aka with type a.k.a./f.k.a./n.k.a. and category
 * strong/weak — unlike the CSV, weak aliases are marked here), addressList, dateOfBirthList, placeOfBirthList,
 * nationalityList, citizenshipList, idList. Individuals' names are rebuilt in OFAC's "LAST, First" form so that
 * the name parser sees the surnames.
 */
import { basename } from 'node:path';
import { ListParseError } from './errors';
import { applyRemarks, newEntry, type OfacEntry, type OfacType } from './model';
import { countryCode } from './countries';
import { parseDob } from './remarks';
import { child, children, textOf, xmlElements, type XmlNode } from './xml';

const TYPES: Record<string, OfacType> = { individual: 'individual', entity: 'entity', vessel: 'vessel', aircraft: 'aircraft' };

function personName(last: string, first: string): string {
  return first ? `${last}, ${first}` : last;
}

function readEntry(n: XmlNode, file: string): OfacEntry {
  const uid = textOf(n, 'uid');
  if (!/^\d{1,12}$/.test(uid)) throw new ListParseError(file, n.line, 'sdnEntry.uid', uid ? 'not_integer' : 'missing', { value: uid.slice(0, 40) });
  const last = textOf(n, 'lastName');
  const first = textOf(n, 'firstName');
  if (!last && !first) throw new ListParseError(file, n.line, 'sdnEntry.lastName', 'missing');
  const typeText = textOf(n, 'sdnType').toLowerCase();
  const type = TYPES[typeText];
  if (!type) throw new ListParseError(file, n.line, 'sdnEntry.sdnType', 'unknown_value', { value: typeText.slice(0, 40) });
  const e = newEntry(String(Number(uid)), type === 'individual' ? personName(last, first) : [last, first].filter(Boolean).join(' '), type);
  e.programs = children(child(n, 'programList'), 'program').map((p) => p.text.trim()).filter(Boolean);
  const title = textOf(n, 'title');
  if (title) e.title = title;
  e.remarks = textOf(n, 'remarks');
  const vessel = child(n, 'vesselInfo');
  if (vessel) {
    e.callSign = textOf(vessel, 'callSign') || undefined;
    e.vesselType = textOf(vessel, 'vesselType') || undefined;
    e.vesselFlag = textOf(vessel, 'vesselFlag') || undefined;
    e.vesselOwner = textOf(vessel, 'vesselOwner') || undefined;
    e.tonnage = textOf(vessel, 'tonnage') || undefined;
    e.grt = textOf(vessel, 'grossRegisteredTonnage') || undefined;
  }
  for (const a of children(child(n, 'akaList'), 'aka')) {
    const aLast = textOf(a, 'lastName');
    const aFirst = textOf(a, 'firstName');
    const name = type === 'individual' ? personName(aLast, aFirst) : [aLast, aFirst].filter(Boolean).join(' ');
    if (!name) continue;
    const kind = textOf(a, 'type').toLowerCase();
    const t = kind.startsWith('f') ? 'fka' : kind.startsWith('n') ? 'nka' : 'aka';
    if (textOf(a, 'category').toLowerCase() === 'weak') e.weakAliases.push({ name, marker: `${t[0]}.k.a.` as 'a.k.a.' });
    else e.aliases.push({ altNum: textOf(a, 'uid') || undefined, type: t, name });
  }
  for (const a of children(child(n, 'addressList'), 'address')) {
    const city = [textOf(a, 'city'), textOf(a, 'stateOrProvince'), textOf(a, 'postalCode')].filter(Boolean).join(', ');
    const street = [textOf(a, 'address1'), textOf(a, 'address2'), textOf(a, 'address3')].filter(Boolean).join(', ');
    e.addresses.push({ addNum: textOf(a, 'uid') || undefined, address: street, cityStatePostal: city, country: textOf(a, 'country') });
  }
  for (const d of children(child(n, 'dateOfBirthList'), 'dateOfBirthItem')) {
    const iso = parseDob(textOf(d, 'dateOfBirth'));
    if (iso && !e.birthDates.includes(iso)) e.birthDates.push(iso);
  }
  for (const p of children(child(n, 'placeOfBirthList'), 'placeOfBirthItem')) {
    const place = textOf(p, 'placeOfBirth');
    if (place) e.birthPlaces.push(place);
  }
  for (const x of children(child(n, 'nationalityList'), 'nationality')) {
    const c = countryCode(textOf(x, 'country'));
    if (c && !e.nationalities.includes(c)) e.nationalities.push(c);
  }
  for (const x of children(child(n, 'citizenshipList'), 'citizenship')) {
    const c = countryCode(textOf(x, 'country'));
    if (c && !e.citizenships.includes(c)) e.citizenships.push(c);
  }
  for (const x of children(child(n, 'idList'), 'id')) {
    const value = textOf(x, 'idNumber');
    if (!value) continue;
    const c = countryCode(textOf(x, 'idCountry'));
    e.identifiers.push({ type: textOf(x, 'idType'), value, ...(c ? { country: c } : {}) });
  }
  // Remarks of sdn.xml still carry facts (Linked To:, gender); weak aliases are already marked in akaList.
  const weakFromXml = e.weakAliases.length;
  applyRemarks(e);
  if (weakFromXml) e.weakAliases.splice(weakFromXml).forEach((w) => { if (!e.weakAliases.some((x) => x.name === w.name)) e.weakAliases.push(w); });
  return e;
}

export async function readSdnXml(path: string, source?: AsyncIterable<string>): Promise<OfacEntry[]> {
  const file = basename(path);
  const entries: OfacEntry[] = [];
  const seen = new Set<string>();
  for await (const n of xmlElements(source ?? path, (name) => name === 'sdnEntry', file)) {
    const e = readEntry(n, file);
    if (seen.has(e.entNum)) throw new ListParseError(file, n.line, 'sdnEntry.uid', 'duplicate', { id: e.entNum });
    seen.add(e.entNum);
    entries.push(e);
  }
  return entries;
}
