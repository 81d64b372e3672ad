/**
 * The request context and the acting user. Every service function takes `(ctx, actor, …)` first
 * (OpenCTI's habit), so that authorisation and audit cannot be forgotten.
 */
import type { Purpose, CountryCode } from '@puente/model';
import type { Db } from './store/schema';
import type { Logger } from 'pino';

export const ROLES = ['analyst', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The principal: a logged-in user, the node itself for system jobs (demo load, retention sweeps), or a paired partner
 *  node (federation: egress checks and the partner's questions; agencyId is its node id). */
export interface Actor {
  kind: 'user' | 'system' | 'partner';
  id: string;
  username: string;
  agencyId: string;
  country: CountryCode;
  roles: Role[];
  /** Purpose stated for this session; reads of personal data without one are refused. */
  purpose: Purpose | null;
  sessionId?: string;
}

export interface NodeInfo {
  /** Stable node id, e.g. 'mx-node' — written into provenance (origin_node) and audit checkpoints. */
  id: string;
  country: CountryCode;
  /** Directory for the embedded database, keys and other node files. */
  dataDir: string;
}

export interface Ctx {
  db: Db;
  log: Logger;
  node: NodeInfo;
  requestId: string;
  lang: 'en' | 'es';
}
