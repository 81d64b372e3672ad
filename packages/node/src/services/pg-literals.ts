/** PostgreSQL literals built as text (no SQL library): shared by services/sql.ts and services/rows.ts. */

/** A PostgreSQL array literal (text[]), every element quoted; null → NULL. Passed as ONE parameter. */
export function pgArray(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i) out += ',';
    const v = values[i];
    // Most values need no escaping; test before paying for a replace (import builds millions of these).
    out += v === null ? 'NULL' : v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}

export const pgBools = (values: readonly boolean[]) => `{${values.map((b) => (b ? 't' : 'f')).join(',')}}`;
