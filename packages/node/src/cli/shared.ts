/** What the CLI commands share: the error type, the node opener and option parsing. */
import { t, type Lang } from '@puente/i18n';
import { loadConfig, type Config } from '../config';

/** An error the user can act on: a catalogue key, or messages already in both languages (parse errors). */
export class CliError extends Error {
  constructor(readonly key: string, readonly vars: Record<string, unknown> = {}, readonly exitCode = 1, readonly messages?: { en: string; es: string }) {
    super(messages?.en ?? key);
  }
  describe(lang: Lang): string {
    return this.messages ? this.messages[lang] : t(lang, this.key, this.vars);
  }
}

export interface NodeOptions { data?: string; country?: string; port?: string; host?: string }

/** The node's configuration from the global environment and a command's --data/--country/--port options. */
export function configFrom(opts: NodeOptions): Config {
  const port = opts.port === undefined ? undefined : Number(opts.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new CliError('cli.error.badOption', { option: '--port', value: opts.port });
  }
  if (opts.country !== undefined && !/^(MX|US)$/i.test(opts.country)) {
    throw new CliError('cli.error.badOption', { option: '--country', value: opts.country });
  }
  return loadConfig({ dataDir: opts.data, country: opts.country?.toUpperCase(), port, host: opts.host });
}

/** A node opened for a one-off job (no listening): its service context and the system actor. */
export async function openNode(config: Config) {
  const { startNode } = await import('../node');
  const { systemActor } = await import('../identity/index');
  const running = await startNode(config, { listen: false, webDir: null });
  return { ctx: running.ctx, system: systemActor(running.ctx.node), config, close: () => running.close() };
}
