/**
 * The record shape the generator writes: the same as LinkRecord of @puente/engines (linkage/record.ts), declared
 * here because the demo package does not depend on the engines; the two are structurally identical, so a
 * generated record is a LinkRecord.
 */
export const LINK_FIELDS = [
  'given_name', 'surname', 'second_surname', 'date_of_birth', 'sex', 'street_number', 'address_1', 'address_2',
  'suburb', 'city', 'postcode', 'state', 'country', 'phone', 'soc_sec_id', 'id_number',
] as const;
export type LinkField = (typeof LINK_FIELDS)[number];

export interface LinkRecord {
  id: string;
  values: Partial<Record<LinkField, string>>;
}
