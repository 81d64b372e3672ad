/**
 * Every setting of a node, read once from the environment and the command line (yente's `settings`).
 * Nothing else reads process.env.
 */
import { resolve } from 'node:path';

export interface Config {
  /** postgres://… when set; otherwise the embedded PGlite database under dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  port: number;
  host: string;
  nodeId: string;
  country: string;
  /** Folder of the shared real data (FtM model, benchmark sets); `$PUENTE_DATA` or ../shared/data. */
  sharedDataDir: string;
  logLevel: string;
  sessionHours: number;
  /** Requests per minute per client on ordinary routes. */
  rateLimitPerMinute: number;
  /** Federation: how often the worker looks for due jobs (outbox delivery, share scans…), in ms. */
  federationIntervalMs: number;
  /** Federation: the first retry delay of an undelivered outbox, doubling at each failure (at most 60 s). */
  federationRetryBaseMs: number;
}

const repoRoot = resolve(new URL('../../..', import.meta.url).pathname);

export function loadConfig(overrides: Partial<Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const country = (overrides.country ?? env.PUENTE_COUNTRY ?? 'MX').toUpperCase();
  const base: Config = {
    databaseUrl: env.DATABASE_URL || null,
    dataDir: resolve(env.PUENTE_DATA_DIR ?? resolve(repoRoot, '.puente-data', country.toLowerCase())),
    port: Number(env.PORT ?? 4000),
    host: env.HOST ?? '127.0.0.1',
    nodeId: env.PUENTE_NODE_ID ?? `${country.toLowerCase()}-node`,
    country,
    sharedDataDir: resolve(env.PUENTE_DATA ?? resolve(repoRoot, '..', 'shared', 'data')),
    logLevel: env.LOG_LEVEL ?? 'info',
    sessionHours: Number(env.PUENTE_SESSION_HOURS ?? 8),
    rateLimitPerMinute: Number(env.PUENTE_RATE_LIMIT ?? 600),
    federationIntervalMs: Number(env.PUENTE_FEDERATION_INTERVAL_MS ?? 2000),
    federationRetryBaseMs: Number(env.PUENTE_FEDERATION_RETRY_MS ?? 1000),
  };
  const merged = { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } as Config;
  if (overrides.country && !overrides.nodeId && !env.PUENTE_NODE_ID) merged.nodeId = `${merged.country.toLowerCase()}-node`;
  return merged;
}

export const REPO_ROOT = repoRoot;
