/** zod 4 schemas of the HTTP contract (CONTRACTS.md); fastify-type-provider-zod turns them into OpenAPI 3. */
import { z } from 'zod';
import { DISTRIBUTIONS, PURPOSES } from '@puente/model';
import { ROLES } from '../context';

export const Bilingual = z.object({ en: z.string(), es: z.string() });

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('not_found | forbidden | unauthenticated | validation | rate_limited | conflict | partner_unavailable | internal'),
    message: Bilingual,
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
}).describe('Every failure has this shape');

/** The error responses a route may give, for the OpenAPI document. */
export function errors(...codes: Array<400 | 401 | 403 | 404 | 409 | 429 | 502>) {
  return Object.fromEntries([...codes, 429, 500].map((c) => [c, ErrorBody])) as Record<number, typeof ErrorBody>;
}

export const Purpose = z.enum(PURPOSES);
export const Role = z.enum(ROLES);
export const Distribution = z.enum(DISTRIBUTIONS);
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const SessionView = z.object({
  user: z.object({ id: z.string(), username: z.string(), displayName: z.string(), agencyId: z.string(), country: z.string(), roles: z.array(z.string()) }),
  purpose: Purpose.nullable(),
  expiresAt: z.string(),
});

export const RecordMeta = z.object({
  ownerCountry: z.string(), ownerAgency: z.string(), distribution: Distribution, agreementId: z.string().nullable().optional(),
  legalBasis: z.string(), purposes: z.array(z.string()), retentionUntil: z.string(), dataset: z.string(), originNode: z.string(),
  locked: z.boolean().optional(),
});

export const Properties = z.record(z.string(), z.array(z.string()));

export const Entity = z.object({
  id: z.string(), schema: z.string(), caption: z.string().optional(), properties: Properties, meta: RecordMeta,
  firstSeen: z.string().optional(), lastSeen: z.string().optional(),
});

export const EntityRef = z.object({ id: z.string(), schema: z.string(), caption: z.string() });

export const EntityView = z.object({
  entity: Entity,
  statements: z.array(z.object({
    prop: z.string(), value: z.string(), dataset: z.string(), originNode: z.string(), originAgency: z.string(),
    firstSeen: z.string(), lastSeen: z.string(),
  })),
  relationships: z.array(EntityRef.extend({ direction: z.enum(['out', 'in']), prop: z.string(), other: EntityRef.nullable() })),
  references: z.array(EntityRef.extend({ prop: z.string() })),
});

export const EntityInput = z.object({
  schema: z.string().min(1).max(64),
  properties: Properties,
  meta: z.object({
    ownerAgency: z.string().optional(), distribution: Distribution.optional(), agreementId: z.string().nullable().optional(),
    legalBasis: z.string().min(1).max(500).optional(), purposes: z.array(Purpose).min(1).optional(), retentionUntil: IsoDate.optional(),
    dataset: z.string().min(1).max(200).optional(),
  }).optional(),
});

export const EntityPatch = z.object({
  properties: Properties.optional(),
  meta: z.object({
    distribution: Distribution.optional(), agreementId: z.string().nullable().optional(), legalBasis: z.string().min(1).max(500).optional(),
    purposes: z.array(Purpose).min(1).optional(), retentionUntil: IsoDate.optional(),
  }).optional(),
});

export const SearchResult = z.object({
  total: z.number(),
  results: z.array(z.object({
    id: z.string(), schema: z.string(), caption: z.string(), score: z.number(), matchedName: z.string(),
    ownerCountry: z.string(), ownerAgency: z.string(), distribution: z.string(),
  })),
});

export const Graph = z.object({
  nodes: z.array(EntityRef),
  edges: z.array(z.object({ id: z.string(), source: z.string(), target: z.string(), schema: z.string(), label: z.string() })),
  truncated: z.boolean(),
});

export const User = z.object({
  id: z.string(), username: z.string(), displayName: z.string(), agencyId: z.string(), country: z.string(),
  roles: z.array(z.string()), disabled: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});

export const Agency = z.object({ id: z.string(), country: z.string(), name: z.string(), nameEn: z.string(), nameEs: z.string() });

export const Loose = z.looseObject({});
