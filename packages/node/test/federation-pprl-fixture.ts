/**
 * People on both sides of the border for the cross-border linkage tests (fictional; written for these tests).
 * Eight people have a record in Mexico and one in the United States, written the way each country writes them:
 * the Mexican record has paternal and maternal surnames, accents and a CURP; the U.S. record drops the accents,
 * often the maternal surname or hyphenates it, abbreviates a middle name, carries an SSN instead, and in one case
 * swaps day and month of birth. Each side also has people the other does not, and records it must not encode: a
 * locked copy of the partner's record, a record that does not serve the purpose, and (Mexico) one of another
 * agency that the supervisor may not read.
 */
import type { Entity, RecordMeta } from '@puente/model';

const meta = (country: 'MX' | 'US', m: Partial<RecordMeta> = {}): RecordMeta => ({
  ownerCountry: country, ownerAgency: country === 'MX' ? 'mx-uif' : 'us-fincen', distribution: 'node',
  legalBasis: country === 'MX' ? 'LFPIORPI art. 17' : '31 U.S.C. 5311', purposes: ['criminal_investigation', 'financial_intelligence'],
  retentionUntil: '2031-12-31', dataset: `pprl-${country.toLowerCase()}`, originNode: country === 'MX' ? 'mx-node' : 'us-node', ...m,
});

const person = (country: 'MX' | 'US', id: string, props: Record<string, string>, m: Partial<RecordMeta> = {}): Entity => ({
  id, schema: 'Person', meta: meta(country, m),
  properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, [v]])),
});

/** [Mexican record id, U.S. record id] of the same person. */
export const TRUE_PAIRS: Array<[string, string]> = [
  ['mx-p-gonzalez', 'us-p-gonzalez'],
  ['mx-p-ramirez', 'us-p-ramirez'],
  ['mx-p-hernandez', 'us-p-hernandez'],
  ['mx-p-nunez', 'us-p-nunez'],
  ['mx-p-castaneda', 'us-p-castaneda'],
  ['mx-p-villarreal', 'us-p-villarreal'],
  ['mx-p-ochoa', 'us-p-ochoa'],
  ['mx-p-trevino', 'us-p-trevino'],
];

export const MX_PEOPLE: Entity[] = [
  person('MX', 'mx-p-gonzalez', { name: 'José Luis González Hernández', firstName: 'José Luis', fatherName: 'González', motherName: 'Hernández', birthDate: '1979-03-08', gender: 'male', idNumber: 'GOHJ790308HCHNRS09', country: 'mx' }),
  person('MX', 'mx-p-ramirez', { name: 'María Guadalupe Ramírez Soto', firstName: 'María Guadalupe', fatherName: 'Ramírez', motherName: 'Soto', birthDate: '1985-11-23', gender: 'female', idNumber: 'RASG851123MBCMTD04', country: 'mx' }),
  person('MX', 'mx-p-hernandez', { name: 'Juan Carlos Hernández Luna', firstName: 'Juan Carlos', fatherName: 'Hernández', motherName: 'Luna', birthDate: '1990-07-04', gender: 'male', idNumber: 'HELJ900704HSRRNN02', country: 'mx' }),
  person('MX', 'mx-p-nunez', { name: 'Ana Sofía Núñez Barragán', firstName: 'Ana Sofía', fatherName: 'Núñez', motherName: 'Barragán', birthDate: '1992-02-14', gender: 'female', idNumber: 'NUBA920214MNLXRN07', country: 'mx' }),
  person('MX', 'mx-p-castaneda', { name: 'Roberto Castañeda Ibarra', firstName: 'Roberto', fatherName: 'Castañeda', motherName: 'Ibarra', birthDate: '1968-05-02', gender: 'male', idNumber: 'CAIR680502HCHSBB01', country: 'mx' }),
  person('MX', 'mx-p-villarreal', { name: 'Lucía Villarreal Garza', firstName: 'Lucía', fatherName: 'Villarreal', motherName: 'Garza', birthDate: '1975-12-30', gender: 'female', idNumber: 'VIGL751230MTSLRC03', country: 'mx' }),
  person('MX', 'mx-p-ochoa', { name: 'Francisco Javier Ochoa Medina', firstName: 'Francisco Javier', fatherName: 'Ochoa', motherName: 'Medina', birthDate: '1983-09-17', gender: 'male', idNumber: 'OOMF830917HSLCDR05', country: 'mx' }),
  person('MX', 'mx-p-trevino', { name: 'Alejandro Treviño Salinas', firstName: 'Alejandro', fatherName: 'Treviño', motherName: 'Salinas', birthDate: '1988-01-26', gender: 'male', idNumber: 'TESA880126HNLRLL08', country: 'mx' }),
  // Only in Mexico
  person('MX', 'mx-p-mendoza', { name: 'Patricia Mendoza Ríos', firstName: 'Patricia', fatherName: 'Mendoza', motherName: 'Ríos', birthDate: '1971-06-11', gender: 'female', idNumber: 'MERP710611MJCNSS06', country: 'mx' }),
  person('MX', 'mx-p-aguilar', { name: 'Emilio Aguilar Pacheco', firstName: 'Emilio', fatherName: 'Aguilar', motherName: 'Pacheco', birthDate: '1995-10-03', gender: 'male', idNumber: 'AUPE951003HOCGCM01', country: 'mx' }),
  person('MX', 'mx-p-delgado', { name: 'Verónica Delgado Cruz', firstName: 'Verónica', fatherName: 'Delgado', motherName: 'Cruz', birthDate: '1980-04-21', gender: 'female', idNumber: 'DECV800421MDFLRR09', country: 'mx' }),
  // Not to be encoded: a locked copy of the U.S. record of Gonzalez, a public-health record, another agency's record
  person('MX', 'mx-copy-us-gonzalez', { name: 'Jose L Gonzalez', firstName: 'Jose L', lastName: 'Gonzalez', birthDate: '1979-03-08', gender: 'male' },
    { ownerCountry: 'US', ownerAgency: 'us-fincen', distribution: 'bilateral', originNode: 'us-node', locked: true, dataset: 'us-node-shared' }),
  person('MX', 'mx-p-health', { name: 'Roberto Castañeda Ibarra', firstName: 'Roberto', fatherName: 'Castañeda', motherName: 'Ibarra', birthDate: '1968-05-02', gender: 'male' },
    { purposes: ['public_health'], dataset: 'pprl-mx-health' }),
  person('MX', 'mx-p-fgr-secret', { name: 'Lucía Villarreal Garza', firstName: 'Lucía', fatherName: 'Villarreal', motherName: 'Garza', birthDate: '1975-12-30', gender: 'female' },
    { ownerAgency: 'mx-fgr', distribution: 'agency', dataset: 'pprl-mx-fgr' }),
];

export const US_PEOPLE: Entity[] = [
  person('US', 'us-p-gonzalez', { name: 'Jose L Gonzalez', firstName: 'Jose L', lastName: 'Gonzalez', birthDate: '1979-03-08', gender: 'male', socialSecurityNumber: '521-44-9087', country: 'us' }),
  person('US', 'us-p-ramirez', { name: 'Maria G Ramirez', firstName: 'Maria G', lastName: 'Ramirez', birthDate: '1985-11-23', gender: 'female', socialSecurityNumber: '602-13-5521', country: 'us' }),
  person('US', 'us-p-hernandez', { name: 'Juan Hernandez-Luna', firstName: 'Juan', lastName: 'Hernandez-Luna', birthDate: '1990-04-07', gender: 'male', country: 'us' }),
  person('US', 'us-p-nunez', { name: 'Ana Sofia Nunez', firstName: 'Ana Sofia', lastName: 'Nunez', birthDate: '1992-02-14', gender: 'female', socialSecurityNumber: '455-90-1276', country: 'us' }),
  person('US', 'us-p-castaneda', { name: 'Robert Castaneda', firstName: 'Robert', lastName: 'Castaneda', birthDate: '1968-05-02', gender: 'male', country: 'us' }),
  person('US', 'us-p-villarreal', { name: 'Lucia Villarreal-Garza', firstName: 'Lucia', lastName: 'Villarreal-Garza', birthDate: '1975-12-30', gender: 'female', country: 'us' }),
  person('US', 'us-p-ochoa', { name: 'Francisco J Ochoa', firstName: 'Francisco J', lastName: 'Ochoa', birthDate: '1983-09-17', gender: 'male', socialSecurityNumber: '389-27-4410', country: 'us' }),
  person('US', 'us-p-trevino', { name: 'Alex Trevino', firstName: 'Alex', lastName: 'Trevino', birthDate: '1988-01-26', gender: 'male', country: 'us' }),
  // Only in the United States
  person('US', 'us-p-miller', { name: 'Sarah Miller', firstName: 'Sarah', lastName: 'Miller', birthDate: '1987-08-09', gender: 'female', country: 'us' }),
  person('US', 'us-p-johnson', { name: 'Michael Johnson', firstName: 'Michael', lastName: 'Johnson', birthDate: '1972-03-15', gender: 'male', country: 'us' }),
  person('US', 'us-p-garcia', { name: 'Daniel Garcia', firstName: 'Daniel', lastName: 'Garcia', birthDate: '1993-12-01', gender: 'male', country: 'us' }),
  person('US', 'us-p-lopez', { name: 'Carmen Lopez', firstName: 'Carmen', lastName: 'Lopez', birthDate: '1966-07-19', gender: 'female', country: 'us' }),
  // Not to be encoded: a locked copy of a Mexican record, a public-health record
  person('US', 'us-copy-mx-mendoza', { name: 'Patricia Mendoza Ríos', firstName: 'Patricia', fatherName: 'Mendoza', motherName: 'Ríos', birthDate: '1971-06-11', gender: 'female' },
    { ownerCountry: 'MX', ownerAgency: 'mx-uif', distribution: 'bilateral', originNode: 'mx-node', locked: true, dataset: 'mx-node-shared' }),
  person('US', 'us-p-health', { name: 'Emilio Aguilar', firstName: 'Emilio', lastName: 'Aguilar', birthDate: '1995-10-03', gender: 'male' },
    { purposes: ['public_health'], dataset: 'pprl-us-health' }),
];

/** The records each side may encode for criminal_investigation (as its supervisor). */
export const MX_ENCODABLE = MX_PEOPLE.filter((e) => e.id.startsWith('mx-p-') && !['mx-p-health', 'mx-p-fgr-secret'].includes(e.id)).map((e) => e.id);
export const US_ENCODABLE = US_PEOPLE.filter((e) => e.id.startsWith('us-p-') && e.id !== 'us-p-health').map((e) => e.id);
