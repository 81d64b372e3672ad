/**
 * Source: OFAC — the U.S. Treasury's Specially Designated Nationals (SDN) list and Consolidated (non-SDN) list.
 * One entry point, `ingest(dir)`, reads whatever OFAC files the folder holds, preferring, per list, the legacy
 * CSV set, then the classic XML (sdn.xml / consolidated.xml), then the advanced XML (sdn_advanced.xml /
 * cons_advanced.xml). Files are streamed; entries are joined in memory (≈ 14k entries, a few MB).
 * See metadata.json for the publisher, licence and formats.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ListEntry } from '../../../../engines/src/screening/types';
import metadata from './metadata.json' with { type: 'json' };
import { ListParseError, type ListWarning } from './errors';
import { csvFileSet, readCsvSet } from './legacy-csv';
import { toListEntry, type OfacEntry, type OfacList } from './model';
import { readAdvancedXml } from './advanced-xml';
import { readSdnXml } from './sdn-xml';

export { metadata };
export { ListParseError, type ListWarning } from './errors';
export { toListEntry, type OfacEntry, type OfacAlias, type OfacAddress, type OfacList, type OfacType } from './model';
export { parseRemarks, parseDob, type Remarks, type WeakAlias } from './remarks';
export { countryCode } from './countries';

export type OfacFormat = 'csv' | 'xml' | 'advanced-xml';

export interface OfacListData {
  list: OfacList;
  format: OfacFormat;
  files: string[];
  entries: OfacEntry[];
}

export interface OfacIngestResult {
  source: typeof metadata;
  lists: OfacListData[];
  warnings: ListWarning[];
}

const XML_NAMES: Record<OfacList, { xml: string[]; advanced: string[] }> = {
  us_ofac_sdn: { xml: ['sdn.xml', 'SDN.XML'], advanced: ['sdn_advanced.xml', 'SDN_ADVANCED.XML'] },
  us_ofac_cons: { xml: ['consolidated.xml', 'cons.xml', 'CONSOLIDATED.XML'], advanced: ['cons_advanced.xml', 'CONS_ADVANCED.XML'] },
};

async function readList(dir: string, list: OfacList): Promise<(OfacListData & { warnings: ListWarning[] }) | null> {
  const set = csvFileSet(dir, list === 'us_ofac_sdn' ? 'sdn' : 'cons');
  if (set) {
    const r = await readCsvSet(set);
    return { list, format: 'csv', files: r.files, entries: r.entries, warnings: r.warnings };
  }
  const xml = XML_NAMES[list].xml.map((f) => join(dir, f)).find((p) => existsSync(p));
  if (xml) return { list, format: 'xml', files: [xml], entries: await readSdnXml(xml), warnings: [] };
  const adv = XML_NAMES[list].advanced.map((f) => join(dir, f)).find((p) => existsSync(p));
  if (adv) return { list, format: 'advanced-xml', files: [adv], entries: await readAdvancedXml(adv), warnings: [] };
  return null;
}

/**
 * Reads the OFAC lists in a folder (SDN and/or Consolidated, in any of OFAC's formats). Throws ListParseError
 * on the first malformed line (file, line, field, in English and Spanish); a folder without any OFAC file is
 * an error too.
 */
export async function ingest(dir: string): Promise<OfacIngestResult> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ListParseError(dir, 0, 'path', 'no_files', { dir });
  }
  const lists: OfacListData[] = [];
  const warnings: ListWarning[] = [];
  for (const list of ['us_ofac_sdn', 'us_ofac_cons'] as const) {
    const r = await readList(dir, list);
    if (!r) continue;
    warnings.push(...r.warnings);
    lists.push({ list: r.list, format: r.format, files: r.files, entries: r.entries });
  }
  if (!lists.length) throw new ListParseError(dir, 0, 'path', 'no_files', { dir });
  return { source: metadata, lists, warnings };
}

/** The screening engine's entries for everything `ingest` read. */
export function listEntries(result: OfacIngestResult): ListEntry[] {
  return result.lists.flatMap((l) => l.entries.map((e) => toListEntry(e, l.list)));
}
