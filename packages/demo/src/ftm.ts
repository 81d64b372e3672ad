/**
 * FtM JSON lines writer for the demo world (wire format in CONTRACTS.md: FtM's entity JSON plus a
 * `puente` object with the record metadata). Written here rather than imported from @puente/model so
 * that the demo depends only on the model's types. Keys are always in the same order, so one seed
 * gives byte-identical files.
 */
import { once } from 'node:events';
import type { Entity } from '@puente/model';

/** The FtM JSON object of one entity, keys in wire order. */
export function ftmObject(e: Entity): Record<string, unknown> {
  const o: Record<string, unknown> = { id: e.id, schema: e.schema, properties: e.properties };
  if (e.caption !== undefined) o.caption = e.caption;
  if (e.firstSeen !== undefined) o.first_seen = e.firstSeen;
  if (e.lastSeen !== undefined) o.last_seen = e.lastSeen;
  const m = e.meta;
  o.datasets = [m.dataset];
  const puente: Record<string, unknown> = {
    owner_country: m.ownerCountry,
    owner_agency: m.ownerAgency,
    distribution: m.distribution,
  };
  if (m.agreementId) puente.agreement_id = m.agreementId;
  puente.legal_basis = m.legalBasis;
  puente.purposes = m.purposes;
  puente.retention_until = m.retentionUntil;
  puente.dataset = m.dataset;
  puente.origin_node = m.originNode;
  if (m.locked) puente.locked = true;
  o.puente = puente;
  return o;
}

/** One FtM JSON line, without the trailing newline. */
export function ftmLine(e: Entity): string {
  return JSON.stringify(ftmObject(e));
}

/**
 * Writes the entities as FtM JSON lines to `stream` (a file, stdout, an HTTP request body…), honouring
 * back-pressure; does not end the stream. Accepts any iterable, so streamEntities() can be written
 * without holding the world in memory. Resolves to the number of lines written.
 */
export async function writeWorldFtm(world: { entities: Iterable<Entity> }, stream: NodeJS.WritableStream): Promise<number> {
  let count = 0;
  let chunk = '';
  const flush = async () => {
    if (!chunk) return;
    const ok = stream.write(chunk);
    chunk = '';
    if (!ok) await once(stream, 'drain');
  };
  for (const e of world.entities) {
    chunk += ftmLine(e) + '\n';
    count++;
    if (chunk.length >= 1 << 16) await flush();
  }
  await flush();
  return count;
}
