/** Small SQL helpers shared by the services. */
import { sql, type Expression, type SqlBool } from 'kysely';

export { pgArray, pgBools } from './pg-literals';
import { pgArray } from './pg-literals';

/** `column = any($1::text[])`: one parameter however many ids (an IN list would spend one per id). */
export function anyOf(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} = any(${pgArray(values)}::text[])`;
}
