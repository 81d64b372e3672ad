/**
 * What services run with. `NodeApp` is the long-lived node (store, model, policy, key); a `ServiceCtx`
 * is one request's view of it (request id, its logger child, the caller's language). Every service
 * function takes `(ctx, actor, …)` first, so authorisation and audit are never a caller's afterthought.
 */
import type { Model } from '@puente/model';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Ctx, NodeInfo } from '../context';
import type { Db } from '../store/schema';
import type { PolicyEngine } from '../authz/index';
import type { NodeKey } from '../audit/index';
import type { Catalog } from '../catalog/catalog';
import type { SessionCache } from '../identity/index';

export interface NodeApp {
  config: Config;
  db: Db;
  storeKind: 'pglite' | 'postgres';
  log: Logger;
  node: NodeInfo;
  model: Model;
  policy: PolicyEngine;
  nodeKey: NodeKey;
  version: string;
  /** Built web UI to serve, or null when there is none. */
  webDir: string | null;
  /** Requests per minute per client: on every route, and on login per (client, username). */
  rateLimit: { perMinute: number; loginPerMinute: number };
  /** The records' names, links and policy attributes in memory (catalog/): search and relationships. */
  catalog: Catalog;
  /** Live sessions, looked up in the store at most every few seconds (identity/session-cache.ts). */
  sessions: SessionCache;
}

export interface ServiceCtx extends Ctx {
  app: NodeApp;
  model: Model;
  policy: PolicyEngine;
}

export function serviceCtx(app: NodeApp, req: { requestId: string; log?: Logger; lang?: 'en' | 'es' }): ServiceCtx {
  return {
    app,
    db: app.db,
    log: req.log ?? app.log.child({ requestId: req.requestId }),
    node: app.node,
    requestId: req.requestId,
    lang: req.lang ?? 'en',
    model: app.model,
    policy: app.policy,
  };
}
