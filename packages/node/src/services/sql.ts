/** Small SQL helpers shared by the services. */
import { sql, type Expression, type SqlBool } from 'kysely';

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

/** `column = any($1::text[])`: one parameter however many ids (an IN list would spend one per id). */
export function anyOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} = any(${pgArray(values)}::text[])`;
}
