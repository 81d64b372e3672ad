/**
 * The node's Person records as the linkage engine reads them: FtM properties mapped onto the fields of the
 * engine's record (the same fields `puente link` reads from CSV), with the address taken from the record's
 * Address entity when it has one.
 *
 * Mapping: given_name = firstName + secondName + middleName (or the name without its surnames);
 * surname = fatherName (Mexican paternal surname) or lastName; second_surname = motherName; date_of_birth =
 * birthDate; sex = gender; id_number = idNumber (CURP); soc_sec_id = socialSecurityNumber; phone, country;
 * street_number/address_1/address_2/suburb/postcode/city/state from the Address entity (street, street2,
 * postalCode, city, state), or the whole address string in address_1.
 */
import type { LinkRecord } from '../../../../engines/src/linkage/index';
import type { Executor } from '../../store/schema';
import { byEntity, fetchStatements, propertiesOf } from '../records';

const CHUNK = 2000;

const first = (p: Record<string, string[]>, prop: string): string | undefined => p[prop]?.find((v) => v.trim() !== '');

/** Splits "1234 Main St" / "Calle Morelos 123 Int. 4" into a house number and the rest. */
export function splitStreet(street: string): { number?: string; rest: string } {
  const us = /^(\d+[A-Za-z]?)\s+(.+)$/.exec(street.trim());
  if (us) return { number: us[1], rest: us[2]! };
  const mx = /^(.*?\S)\s+(\d+[A-Za-z]?)(\s+(?:Int\.?|Interior|Depto\.?|#)\s*\S+)?$/i.exec(street.trim());
  if (mx) return { number: mx[2], rest: mx[1]! };
  return { rest: street.trim() };
}

/** One Person's properties (and its address entity's) as a LinkRecord. */
export function linkRecordOf(id: string, p: Record<string, string[]>, address?: Record<string, string[]>): LinkRecord {
  const values: LinkRecord['values'] = {};
  const set = (field: keyof LinkRecord['values'], value: string | undefined) => {
    const v = value?.trim();
    if (v) values[field] = v;
  };
  const given = [first(p, 'firstName'), first(p, 'secondName'), first(p, 'middleName')].filter(Boolean).join(' ');
  const surname = first(p, 'fatherName') ?? first(p, 'lastName');
  const second = first(p, 'motherName');
  if (given) set('given_name', given);
  else {
    // Only a full name: what is left of it once the surnames we know are taken out.
    const name = first(p, 'name') ?? '';
    const drop = new Set([surname, second].filter(Boolean).flatMap((s) => s!.toLowerCase().split(/\s+/)));
    set('given_name', name.split(/\s+/).filter((w) => !drop.has(w.toLowerCase())).join(' '));
  }
  set('surname', surname);
  set('second_surname', second);
  set('date_of_birth', first(p, 'birthDate'));
  set('sex', first(p, 'gender'));
  set('id_number', first(p, 'idNumber'));
  set('soc_sec_id', first(p, 'socialSecurityNumber'));
  set('phone', first(p, 'phone'));
  set('country', first(p, 'country'));
  if (address) {
    const street = first(address, 'street');
    if (street) {
      const s = splitStreet(street);
      set('street_number', s.number);
      set('address_1', s.rest);
    }
    set('address_2', first(address, 'street2'));
    set('postcode', first(address, 'postalCode'));
    set('city', first(address, 'city'));
    set('state', first(address, 'state'));
  } else {
    set('address_1', first(p, 'address'));
  }
  return { id, values };
}

/** Every Person record of the node, as LinkRecords in id order. */
export async function personLinkRecords(db: Executor): Promise<LinkRecord[]> {
  const ids = (await db.selectFrom('entities').select('id').where('schema', '=', 'Person').orderBy('id').execute()).map((r) => r.id);
  const out: LinkRecord[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const people = new Map<string, Record<string, string[]>>();
    const byId = byEntity(await fetchStatements(db, part));
    for (const id of part) people.set(id, propertiesOf(byId.get(id) ?? []));
    const addressIds = [...new Set([...people.values()].map((p) => first(p, 'addressEntity')).filter((x): x is string => !!x))];
    const addresses = new Map<string, Record<string, string[]>>();
    for (const [id, list] of byEntity(await fetchStatements(db, addressIds))) addresses.set(id, propertiesOf(list));
    for (const id of part) {
      const p = people.get(id)!;
      const adr = first(p, 'addressEntity');
      out.push(linkRecordOf(id, p, adr ? addresses.get(adr) : undefined));
    }
  }
  return out;
}
