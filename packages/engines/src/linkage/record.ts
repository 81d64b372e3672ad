/**
 * A person record as the linkage engines see it: an id and the fields of the issue's input contract, each a
 * raw string as read (normalisation is the comparators' business). Shared by Fellegi–Sunter linkage and PPRL.
 */

/** The input columns `puente link`, `dedupe` and `pprl encode` read by name (FEBRL's own column names). */
export const LINK_FIELDS = [
  'given_name', 'surname', 'second_surname', 'date_of_birth', 'sex', 'street_number', 'address_1', 'address_2',
  'suburb', 'city', 'postcode', 'state', 'country', 'phone', 'soc_sec_id', 'id_number',
] as const;
export type LinkField = (typeof LINK_FIELDS)[number];

export interface LinkRecord {
  id: string;
  /** Only the fields the source has; an empty cell is absent. */
  values: Partial<Record<LinkField, string>>;
}
