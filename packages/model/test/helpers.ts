/**
 * Models for the tests: the real one (FtM 3.8.4 from ../shared/data + Puente's schemata) when the shared
 * data folder exists, as in CI; and a small committed FtM-shaped fixture (fixtures/ftm-mini) with Puente's
 * schemata, so parser and validation tests also run without it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultFtmDir, loadModel, type Model, type RecordMeta } from '../src/index';

export const FIXTURE_FTM_DIR = fileURLToPath(new URL('./fixtures/ftm-mini', import.meta.url));
export const SHARED_MISSING =
  `skipped: FollowTheMoney schema folder not found at ${defaultFtmDir()} (set PUENTE_DATA or add ../shared/data)`;

export function fixtureModel(): Model {
  return loadModel({ ftmDir: FIXTURE_FTM_DIR });
}

/** The real model, or undefined when ../shared/data is absent (the caller skips, saying so). */
export function realModel(): Model | undefined {
  return existsSync(defaultFtmDir()) ? loadModel() : undefined;
}

/** Defaults an import would pass: a Mexican financial-intelligence record, shared bilaterally. */
export const UIF_DEFAULTS: RecordMeta = {
  ownerCountry: 'MX',
  ownerAgency: 'mx-uif',
  distribution: 'bilateral',
  agreementId: null,
  legalBasis: 'LFPIORPI art. 17',
  purposes: ['financial_intelligence', 'criminal_investigation'],
  retentionUntil: '2036-01-01',
  dataset: 'uif-reports',
  originNode: 'mx-node',
  locked: false,
};
