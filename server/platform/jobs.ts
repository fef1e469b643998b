// Background jobs inside the server process (docs/decisions.md#media-cleanup, #commands): the nightly media cleanup on
// node-cron. Several server processes (instances, cluster workers) may share one database:
// each scheduled run is claimed once in oser_job_run (the first process to insert its row
// runs it; the others skip it), and a PostgreSQL advisory lock keeps a run and a manual
// `npm run clean-media` from overlapping. The table also gives /metrics each job's last run.
import cron from 'node-cron';
import { cleanMedia, formatCleanMediaReport, type CleanMediaReport } from '../core/clean-media.ts';
import type { AppContext } from './context.ts';
import type { Database } from './db.ts';
import { reportBackgroundFailure, sharedOutageMonitor } from './outage.ts';

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

export type JobOutcome = 'success' | 'failure' | 'skipped';

/** The scheduled run of `job` at `scheduledAt`, unless another process has claimed it already. */
export async function runScheduled(
  ctx: Pick<AppContext, 'db' | 'logger' | 'outage'>,
  job: string,
  scheduledAt: Date,
  work: () => Promise<unknown>,
): Promise<JobOutcome | null> {
  const claimed = await ctx.db.query(
    `INSERT INTO oser_job_run (job, scheduled_at) VALUES ($1, date_trunc('second', $2::timestamptz))
     ON CONFLICT DO NOTHING RETURNING job`,
    [job, scheduledAt],
  );
  if (claimed.length === 0) return null;
  let outcome: JobOutcome;
  try {
    // null: the advisory lock was held (a manual run).
    outcome = (await work()) === null ? 'skipped' : 'success';
  } catch (error) {
    reportBackgroundFailure(sharedOutageMonitor(ctx), ctx.logger, error, `job ${job} failed`, { job });
    outcome = 'failure';
  }
  await ctx.db.query(
    `UPDATE oser_job_run SET finished_at = now(), outcome = $3 WHERE job = $1 AND scheduled_at = date_trunc('second', $2::timestamptz)`,
    [job, scheduledAt, outcome],
  );
  await ctx.db.query(`DELETE FROM oser_job_run WHERE job = $1 AND scheduled_at < now() - interval '90 days'`, [job]);
  return outcome;
}

export interface JobRun {
  job: string;
  outcome: JobOutcome;
  finishedAt: Date;
  seconds: number;
}

/** The last finished run of each job, whichever process ran it. */
export function lastJobRuns(db: Database): Promise<JobRun[]> {
  return db.query<JobRun>(
    `SELECT DISTINCT ON (job) job, outcome, finished_at AS "finishedAt",
            extract(epoch FROM finished_at - started_at)::float8 AS seconds
       FROM oser_job_run WHERE finished_at IS NOT NULL
      ORDER BY job, scheduled_at DESC`,
  );
}

export interface Jobs {
  stop(): Promise<void>;
}

export function startJobs(ctx: AppContext): Jobs {
  const settings = ctx.config.cleanMedia;
  if (!settings.enabled) return { stop: () => Promise.resolve() };
  const outage = sharedOutageMonitor(ctx);
  let running: Promise<unknown> = Promise.resolve();
  const task = cron.schedule(
    settings.cron,
    (context) => {
      running = runScheduled({ ...ctx, outage }, 'clean-media', context.date, () => runCleanMediaJob(ctx)).catch((error: unknown) =>
        reportBackgroundFailure(outage, ctx.logger, error, 'media cleanup failed'),
      );
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
