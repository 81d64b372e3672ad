/**
 * The bilateral partner under the U.S.–Mexico Bicentennial Framework. The pair is also written out in
 * policies/10-entity-read.cedar ("entity-read-distribution"); the property tests keep the two equal.
 */
const PARTNERS: Readonly<Record<string, string>> = { US: 'MX', MX: 'US' };

export function partnerOf(country: string): string | null {
  return PARTNERS[country] ?? null;
}
