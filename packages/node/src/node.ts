/**
 * Starting a node: open (and migrate) the store, load the model, the policies and the node key,
 * record a policy change in the audit log, optionally load the demo world, load the catalog, then serve the API
 * (and the built web UI) on config.host:config.port.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadModel } from '@puente/model';
import { REPO_ROOT, type Config } from './config';
import type { Ctx, NodeInfo } from './context';
import { openStore, type StoreHandle } from './store/db';
import { PolicyEngine } from './authz/index';
import { loadNodeKey } from './audit/index';
import { SessionCache, systemActor } from './identity/index';
import { createLogger, type Logger } from './logger';
import { buildServer } from './api/server';
import { serviceCtx, type NodeApp, type ServiceCtx } from './services/context';
import { recordPolicyChange } from './services/policy';
import { loadDemoWorld } from './demo/load';
import { Catalog } from './catalog/catalog';
import { startWorker } from './federation/index';
import './services/federation/index'; // registers the federation message handlers and jobs

export const DEFAULT_WEB_DIR = join(REPO_ROOT, 'packages', 'web', 'dist');
export const DEFAULT_LOGIN_RATE_LIMIT = 10;
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export interface StartOptions {
  /** Load the demo world for this node when its store holds no records yet. */
  demo?: boolean;
  /** Built web UI to serve; default packages/web/dist (served only if it exists); null for none. */
  webDir?: string | null;
  /** false: build everything but do not listen (the CLI's one-off jobs). */
  listen?: boolean;
  /** An already-open store (tests); default: config.databaseUrl, else PGlite under <dataDir>/pgdata. */
  store?: StoreHandle;
  log?: Logger;
  loginRateLimitPerMinute?: number;
  /** Run the federation worker (outbox delivery, share scans…); default: when listening. */
  federationWorker?: boolean;
}

export interface RunningNode {
  url: string;
  app: FastifyInstance;
  ctx: ServiceCtx & Ctx;
  node: NodeApp;
  close(): Promise<void>;
}

export async function startNode(config: Config, opts: StartOptions = {}): Promise<RunningNode> {
  const log = opts.log ?? createLogger({ level: config.logLevel });
  mkdirSync(config.dataDir, { recursive: true });
  const store = opts.store ?? await openStore({
    databaseUrl: config.databaseUrl,
    pgliteDir: config.databaseUrl ? null : join(config.dataDir, 'pgdata'),
  });
  try {
    const node: NodeInfo = { id: config.nodeId, country: config.country, dataDir: config.dataDir };
    const app: NodeApp = {
      config, db: store.db, storeKind: store.kind, log, node,
      model: loadModel({ ftmDir: join(config.sharedDataDir, 'platform', 'ftm') }),
      policy: PolicyEngine.load(),
      nodeKey: loadNodeKey(config.dataDir),
      version: VERSION,
      webDir: opts.webDir === undefined ? DEFAULT_WEB_DIR : opts.webDir,
      rateLimit: { perMinute: config.rateLimitPerMinute, loginPerMinute: opts.loginRateLimitPerMinute ?? DEFAULT_LOGIN_RATE_LIMIT },
      catalog: new Catalog(),
      sessions: new SessionCache(),
    };
    const ctx = serviceCtx(app, { requestId: `startup-${randomUUID()}` });
    const system = systemActor(node);
    if (await recordPolicyChange(ctx, system)) log.info({ hash: app.policy.hash }, 'policy.change');
    if (opts.demo) await loadDemoWorld(ctx, system);
    await app.catalog.refresh(store.db, { force: true });

    const server = await buildServer(app);
    let url = '';
    if (opts.listen === false) await server.ready();
    else {
      await server.listen({ host: config.host, port: config.port });
      const addr = server.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `http://${host}:${port}`;
      log.info({ url, node: node.id, store: store.kind }, 'node.listening');
    }
    const worker = (opts.federationWorker ?? opts.listen !== false) ? startWorker(serviceCtx(app, { requestId: 'federation-worker' }), config.federationIntervalMs) : null;
    let closed = false;
    return {
      url, app: server, ctx, node: app,
      async close() {
        if (closed) return;
        closed = true;
        await worker?.stop();
        await server.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
