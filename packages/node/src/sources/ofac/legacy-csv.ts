/**
 * OFAC's legacy CSV set: a primary file (sdn.csv, or cons_prim.csv for the Consolidated non-SDN list) and its
 * companions alt / add / comments, joined on ent_num. Layouts (treasury.gov/ofac/downloads, screening.md §6):
 *   primary  ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks
 *   alt      ent_num, alt_num, alt_type (aka|fka|nka), alt_name, alt_remarks
 *   add      ent_num, add_num, address, city/state/postal, country, add_remarks
 *   comments ent_num, remarks continuation (appended to Remarks as is: OFAC cuts mid-word)
 * Rows of a companion file whose entry the primary file lacks are skipped and reported as a warning (the
 * comments file of a later date than the primary file has them).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { entNum, ofacValue, readCsvRows } from './csv';
import { ListParseError, listWarning, type ListWarning } from './errors';
import { applyRemarks, newEntry, type OfacEntry, type OfacType } from './model';

export interface CsvFileSet { primary: string; alt?: string; add?: string; comments?: string }

/** The files of a set in `dir`: 'sdn' → sdn.csv, alt.csv, add.csv, sdn_comments.csv; 'cons' → cons_*.csv. */
export function csvFileSet(dir: string, set: 'sdn' | 'cons'): CsvFileSet | null {
  const names = set === 'sdn'
    ? { primary: 'sdn.csv', alt: 'alt.csv', add: 'add.csv', comments: 'sdn_comments.csv' }
    : { primary: 'cons_prim.csv', alt: 'cons_alt.csv', add: 'cons_add.csv', comments: 'cons_comments.csv' };
  const primary = join(dir, names.primary);
  if (!existsSync(primary)) return null;
  const opt = (f: string) => (existsSync(join(dir, f)) ? join(dir, f) : undefined);
  return { primary, alt: opt(names.alt), add: opt(names.add), comments: opt(names.comments) };
}

const TYPES: Record<string, OfacType> = { individual: 'individual', vessel: 'vessel', aircraft: 'aircraft', '': 'entity', entity: 'entity' };

export interface CsvReadResult { entries: OfacEntry[]; warnings: ListWarning[]; files: string[] }

const label = (p: string) => p.split(/[\\/]/).pop() ?? p;

export async function readCsvSet(files: CsvFileSet): Promise<CsvReadResult> {
  const byNum = new Map<string, OfacEntry>();
  const entries: OfacEntry[] = [];
  const warnings: ListWarning[] = [];
  const primary = label(files.primary);
  for await (const row of readCsvRows(files.primary, 12)) {
    const id = entNum(row, primary);
    const f = row.fields.map(ofacValue);
    const type = TYPES[f[2].toLowerCase()];
    if (!type) throw new ListParseError(primary, row.line, 'SDN_Type', 'unknown_value', { value: f[2].slice(0, 40) });
    if (!f[1]) throw new ListParseError(primary, row.line, 'SDN_Name', 'missing');
    if (byNum.has(id)) throw new ListParseError(primary, row.line, 'ent_num', 'duplicate', { id });
    const e = newEntry(id, f[1], type);
    e.programs = f[3] ? f[3].split(/\]\s*\[/).map((p) => p.replace(/[[\]]/g, '').trim()).filter(Boolean) : [];
    if (f[4]) e.title = f[4];
    if (f[5]) e.callSign = f[5];
    if (f[6]) e.vesselType = f[6];
    if (f[7]) e.tonnage = f[7];
    if (f[8]) e.grt = f[8];
    if (f[9]) e.vesselFlag = f[9];
    if (f[10]) e.vesselOwner = f[10];
    e.remarks = row.fields[11].trim() === '-0-' ? '' : row.fields[11].replace(/^\s+/, '');
    byNum.set(id, e);
    entries.push(e);
  }
  const orphans = (file: string, count: number) => { if (count) warnings.push(listWarning(file, 'orphan', { count })); };
  if (files.comments) {
    const file = label(files.comments);
    let orphan = 0;
    for await (const row of readCsvRows(files.comments, 2)) {
      const e = byNum.get(entNum(row, file));
      if (!e) { orphan++; continue; }
      // OFAC splits long Remarks mid-word: the continuation is appended exactly as written
      e.remarks += row.fields[1].replace(/^-0-\s*$/, '');
    }
    orphans(file, orphan);
  }
  if (files.alt) {
    const file = label(files.alt);
    let orphan = 0;
    for await (const row of readCsvRows(files.alt, 5)) {
      const e = byNum.get(entNum(row, file));
      const f = row.fields.map(ofacValue);
      const type = f[2].toLowerCase();
      if (type !== 'aka' && type !== 'fka' && type !== 'nka') {
        throw new ListParseError(file, row.line, 'alt_type', 'unknown_value', { value: f[2].slice(0, 40) });
      }
      if (!f[3]) throw new ListParseError(file, row.line, 'alt_name', 'missing');
      if (!e) { orphan++; continue; }
      e.aliases.push({ altNum: f[1] || undefined, type, name: f[3], ...(f[4] ? { remarks: f[4] } : {}) });
    }
    orphans(file, orphan);
  }
  if (files.add) {
    const file = label(files.add);
    let orphan = 0;
    for await (const row of readCsvRows(files.add, 6)) {
      const e = byNum.get(entNum(row, file));
      if (!e) { orphan++; continue; }
      const f = row.fields.map(ofacValue);
      e.addresses.push({ addNum: f[1] || undefined, address: f[2], cityStatePostal: f[3], country: f[4], ...(f[5] ? { remarks: f[5] } : {}) });
    }
    orphans(file, orphan);
  }
  for (const e of entries) applyRemarks(e);
  return { entries, warnings, files: [files.primary, files.alt, files.add, files.comments].filter((x): x is string => !!x) };
}
