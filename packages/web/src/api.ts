/**
 * The one HTTP client of the UI: relative URLs (same origin as the node), the session cookie, and the
 * node's one error shape turned into an ApiError that carries the message in both languages.
 */
import type { Lang } from '@puente/i18n';

export type Bilingual = { en: string; es: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: Bilingual | null,
    readonly requestId: string | null,
    readonly details?: Record<string, unknown>,
  ) {
    super(messages?.en ?? code);
  }
  /** The node's message in the reader's language, or null when the node gave none (network failure, proxy page). */
  messageIn(lang: Lang): string | null {
    return this.messages ? this.messages[lang] : null;
  }
}

type Json = Record<string, unknown> | unknown[];

export async function api<T>(path: string, init: { method?: string; body?: Json } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, 'network', null, null);
  }
  const requestId = res.headers.get('x-request-id');
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: Bilingual; requestId?: string; details?: Record<string, unknown> } } | null)?.error;
    throw new ApiError(res.status, err?.code ?? 'http', err?.message ?? null, err?.requestId ?? requestId, err?.details);
  }
  return data as T;
}

export const qs = (params: Record<string, string | number | undefined | null>): string => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

// ---- Shapes of the node's JSON (CONTRACTS.md, "services + API") ----

export type Role = 'analyst' | 'supervisor' | 'auditor' | 'admin';

export interface Me {
  user: { id: string; username: string; displayName: string; agencyId: string; country: string; roles: Role[] };
  purpose: string | null;
  expiresAt: string;
}

export interface SchemaInfo {
  name: string; label: string; plural: string; abstract: boolean; edge: boolean;
  properties: Array<{ name: string; label: string; type: string; range?: string }>;
}

export interface Meta { node: string; country: string; purposes: string[]; roles: Role[]; schemata: SchemaInfo[] }

export interface SearchHit {
  id: string; schema: string; caption: string; score: number; matchedName?: string;
  ownerCountry: string; ownerAgency: string; distribution: string;
}
export interface SearchResult { total: number; results: SearchHit[] }

export interface RecordMeta {
  ownerCountry: string; ownerAgency: string; distribution: string; agreementId?: string | null;
  legalBasis: string; purposes: string[]; retentionUntil: string; dataset: string; originNode: string; locked?: boolean;
}
export interface StatementRow {
  prop: string; value: string; dataset: string; originNode: string; originAgency: string; firstSeen: string; lastSeen: string;
}
export interface EntityRef { id: string; schema: string; caption: string }
export interface Relationship {
  id: string; schema: string; caption: string; direction: 'out' | 'in'; prop: string; other: EntityRef | null;
}
export interface EntityView {
  entity: { id: string; schema: string; caption: string; properties: Record<string, string[]>; meta: RecordMeta; firstSeen?: string; lastSeen?: string };
  statements: StatementRow[];
  relationships: Relationship[];
  /** Records that point at this one through a plain property (e.g. a Passport's holder). */
  references?: Array<EntityRef & { prop: string }>;
}

export interface GraphView {
  nodes: EntityRef[];
  edges: Array<{ id: string; source: string; target: string; schema: string; label: string }>;
  /** The node stops at a maximum number of entities; true when the neighbourhood was cut. */
  truncated?: boolean;
}

export type AuditEvent = Record<string, unknown>;
export interface VerifyReport { ok: boolean; count: number; problems: Array<{ seq: string | null; kind: string; message: Bilingual }> }

export interface User {
  id: string; username: string; displayName: string; agencyId: string; country: string; roles: Role[]; disabled?: boolean; createdAt?: string;
}
export interface Agency { id: string; country: string; name: string; nameEn: string; nameEs: string }
