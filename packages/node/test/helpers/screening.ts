/**
 * Screening fixtures shared by the screening tests: records of the node (below) and a fictional designation
 * list in two versions (fixtures/screening). Every name is invented.
 *
 * - sc-designated: the person listed as dl-001 (same name, birth date, nationality): a true match.
 * - sc-namesake: same full name, born 26 years later: an innocent namesake the analyst clears.
 * - sc-near: given name and paternal surname only, born later, living in the U.S.: stays below the threshold.
 * - sc-company: the company listed as dl-002, with its legal form spelled otherwise.
 * - sc-health: a namesake held for public health only: never re-screened (purpose limitation).
 * - sc-late / sc-fgr: the person v2 adds (dl-005), once in mx-uif's records, once in mx-fgr's agency-only records.
 */
import { readFileSync } from 'node:fs';
import type { Entity, RecordMeta } from '@puente/model';
import { systemActor } from '../../src/identity/index';
import { importRecords } from '../../src/services/import';
import type { TestNode } from './node';

export const SCREENING_FIXTURES = new URL('../fixtures/screening/', import.meta.url).pathname;

/** A fixture file's lines. */
export const fixtureLines = (file: string): string[] => readFileSync(`${SCREENING_FIXTURES}${file}`, 'utf8').split('\n');
export const fixtureText = (file: string): string => readFileSync(`${SCREENING_FIXTURES}${file}`, 'utf8');

const meta = (m: Partial<RecordMeta> = {}): RecordMeta => ({
  ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'node', legalBasis: 'LFPIORPI art. 17',
  purposes: ['sanctions_screening', 'financial_intelligence'], retentionUntil: '2031-12-31', dataset: 'screening-fixture',
  originNode: 'mx-node', ...m,
});

export const SCREENING_RECORDS: Entity[] = [
  { id: 'sc-designated', schema: 'Person', properties: { name: ['Aurelio Quintanar Bermúdez'], firstName: ['Aurelio'], lastName: ['Quintanar Bermúdez'], birthDate: ['1968-05-12'], nationality: ['mx'] }, meta: meta() },
  { id: 'sc-namesake', schema: 'Person', properties: { name: ['Aurelio Quintanar Bermúdez'], birthDate: ['1994-02-17'], nationality: ['mx'] }, meta: meta() },
  { id: 'sc-near', schema: 'Person', properties: { name: ['Aurelio Quintanar'], birthDate: ['1994-02-17'], country: ['us'] }, meta: meta() },
  { id: 'sc-company', schema: 'Company', properties: { name: ['Transportes Quintanar, S.A. de C.V.'], jurisdiction: ['mx'] }, meta: meta() },
  { id: 'sc-health', schema: 'Person', properties: { name: ['Aurelio Quintanar Bermúdez'] }, meta: meta({ purposes: ['public_health'] }) },
  { id: 'sc-late', schema: 'Person', properties: { name: ['Casimira Elizondo Pliego'], birthDate: ['1975-08-09'], nationality: ['mx'] }, meta: meta() },
  { id: 'sc-fgr', schema: 'Person', properties: { name: ['Casimira Elizondo Pliego'], birthDate: ['1975-08-09'] }, meta: meta({ ownerAgency: 'mx-fgr', distribution: 'agency' }) },
];

/** Writes SCREENING_RECORDS into a test node (after seedFixture, which creates the agencies). */
export async function seedScreeningRecords(t: TestNode): Promise<void> {
  await importRecords(t.node.ctx, systemActor(t.node.ctx.node), (async function* () {
    let line = 0;
    for (const entity of SCREENING_RECORDS) yield { line: ++line, entity };
  })(), { file: 'screening-records' });
}
