// Background jobs inside the server process (SPEC 6.1, 6.4): the nightly media cleanup on
// node-cron. Several server processes may share one database: a PostgreSQL advisory lock
// lets only one of them run a job at a time; the others skip that run.
import cron from 'node-cron';
import { cleanMedia, formatCleanMediaReport, type CleanMediaReport } from '../core/clean-media.ts';
import type { AppContext } from './context.ts';
import type { Database } from './db.ts';

/** Runs `work` while holding the session advisory lock `name`; null if another holds it. */
export async function withAdvisoryLock<T>(db: Database, name: string, work: () => Promise<T>): Promise<T | null> {
  const client = await db.pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
    if (!rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    client.release();
  }
}

/** The scheduled cleanup: one run, logged; null when another process is running it. */
export async function runCleanMediaJob(ctx: Pick<AppContext, 'db' | 'storage' | 'logger' | 'config'>): Promise<CleanMediaReport | null> {
  const logger = ctx.logger.child({ job: 'clean-media' });
  const options = { minAgeMs: ctx.config.cleanMedia.minAgeMs };
  const report = await withAdvisoryLock(ctx.db, 'oser:clean-media', () =>
    cleanMedia(ctx.db.prisma, ctx.storage, {
      ...options,
      onProgress: (scanned) => logger.info({ scanned }, 'media cleanup in progress'),
    }),
  );
  if (!report) {
    logger.info('media cleanup skipped: another server process is running it');
    return null;
  }
  logger.info(
    { deleted: report.deleted.length, failed: report.failed.length, scanned: report.scanned, kept: report.recent.length },
    formatCleanMediaReport(report, options).join('\n'),
  );
  return report;
}

export interface Jobs {
  stop(): Promise<void>;
}

export function startJobs(ctx: AppContext): Jobs {
  const settings = ctx.config.cleanMedia;
  if (!settings.enabled) return { stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    settings.cron,
    () => {
      running = runCleanMediaJob(ctx).catch((error: unknown) => ctx.logger.error({ err: error }, 'media cleanup failed'));
      return running;
    },
    { timezone: settings.timezone, noOverlap: true, name: 'clean-media' },
  );
  ctx.logger.info({ cron: settings.cron, timezone: settings.timezone }, 'media cleanup scheduled');
  return {
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
