/**
 * Periodic federation jobs of a listening node: outbox delivery (outbox.ts), and what the federation services
 * register (the share scan, retention sweeps, checkpoint exchange…). One tick at a time per node; a job runs when
 * its interval has passed; a failing job is logged and tried again at its next turn.
 */
import type { ServiceCtx } from '../services/context';

interface Job { name: string; everyMs: number; run: (ctx: ServiceCtx) => Promise<void> }

const jobs: Job[] = [];

export function registerJob(name: string, everyMs: number, run: (ctx: ServiceCtx) => Promise<void>): void {
  if (jobs.some((j) => j.name === name)) throw new Error(`federation job ${name} registered twice`);
  jobs.push({ name, everyMs, run });
}

/** Runs the named jobs (default: all, in registration order) once, now. */
export async function runJobsNow(ctx: ServiceCtx, names?: string[]): Promise<void> {
  for (const job of jobs) if (!names || names.includes(job.name)) await job.run(ctx);
}

export interface Worker { stop(): Promise<void> }

export function startWorker(ctx: ServiceCtx, tickMs: number): Worker {
  const lastRun = new Map<string, number>();
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    for (const job of jobs) {
      if (stopped) return;
      const now = Date.now();
      if (now - (lastRun.get(job.name) ?? 0) < job.everyMs) continue;
      lastRun.set(job.name, now);
      try {
        await job.run(ctx);
      } catch (err) {
        ctx.log.warn({ job: job.name, err: (err as Error).message }, 'federation.job.failed');
      }
    }
  };
  const timer = setInterval(() => {
    if (current || stopped) return;
    current = tick().finally(() => { current = null; });
  }, tickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (current) await current;
    },
  };
}
