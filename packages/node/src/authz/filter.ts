/**
 * The SQL side of entity.read: a where-clause on `entities` that admits exactly the rows Cedar's
 * entity.read decision allows, so search and export never fetch what they would then drop (and
 * counts and pages are right). It restates policies/10-entity-read.cedar and 00-system.cedar;
 * test/authz-property.test.ts checks on both stores that the two agree on random actors and records.
 * Services still ask decide() for every row: the filter narrows, the policy decides.
 */
import { sql, type Expression, type ExpressionBuilder, type Selectable, type SqlBool } from 'kysely';
import type { Actor } from '../context';
import type { DB, EntitiesTable } from '../store/schema';
import type { RecordResource } from './engine';
import { partnerOf } from './partner';

const TRUE = sql<SqlBool>`true`;
const FALSE = sql<SqlBool>`false`;

/**
 * Kysely where-callback over table `entities` (un-aliased; joins with other tables are fine):
 * `db.selectFrom('entities').where(visibleEntitiesFilter(actor))`.
 */
export function visibleEntitiesFilter(actor: Actor): <TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) => Expression<SqlBool> {
  return (eb0) => {
    const eb = eb0 as unknown as ExpressionBuilder<DB, 'entities'>;
    const purpose = actor.purpose ?? null;

    // "system-actor", limited by "personal-data-needs-purpose".
    if (actor.kind === 'system') return purpose !== null ? TRUE : eb('entities.personal_data', '=', false);

    // "entity-read-oversight": an auditor stating 'oversight' reads any purpose's records.
    const oversight = actor.roles.includes('auditor') && purpose === 'oversight';
    // "entity-read-by-purpose": an analyst or supervisor reads records that serve the stated purpose.
    const byPurpose = (actor.roles.includes('analyst') || actor.roles.includes('supervisor')) && purpose !== null;
    if (!oversight && !byPurpose) return FALSE; // also covers "personal-data-needs-purpose" (no purpose)

    // "entity-read-distribution"
    const country = actor.country;
    const partner = partnerOf(country);
    const circle = eb.or([
      eb('entities.owner_agency', '=', actor.agencyId),
      eb.and([eb('entities.distribution', '=', 'node'), eb.or([eb('entities.owner_country', '=', country), eb('entities.locked', '=', true)])]),
      eb.and([eb('entities.distribution', '=', 'bilateral'), eb('entities.owner_country', 'in', partner ? [country, partner] : [country])]),
      eb.and([
        eb('entities.distribution', '=', 'agreement'),
        eb.exists(
          eb.selectFrom('agreements')
            .select(sql.lit(1).as('one'))
            .whereRef('agreements.id', '=', 'entities.agreement_id')
            .where((ab) => ab.or([
              ab(ab.val(country), '=', ab.fn.any('agreements.parties')),
              ab(ab.val(actor.agencyId), '=', ab.fn.any('agreements.parties')),
            ])),
        ),
      ]),
    ]);
    if (oversight) return circle;
    return eb.and([eb(eb.val(purpose as string), '=', eb.fn.any('entities.purposes')), circle]);
  };
}

/** A stored row as Cedar's resource. `agreementParties`: the parties of row.agreement_id ([] if none). */
export function toRecordResource(row: Selectable<EntitiesTable>, agreementParties: string[]): RecordResource {
  return {
    id: row.id,
    ownerCountry: row.owner_country.trim(),
    ownerAgency: row.owner_agency,
    distribution: row.distribution,
    agreementParties: [...agreementParties],
    purposes: [...row.purposes],
    personalData: row.personal_data,
    locked: row.locked,
  };
}
