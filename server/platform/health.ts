// GET /healthz (liveness: the process answers and so does its database, cheaply) and
// GET /readyz (readiness, for load balancers: the database answers and every migration
// folder is applied). 503 otherwise.
import type { RequestHandler } from 'express';
import type { AppContext } from './context.ts';
import { migrationStatus, readMigrations } from './migrate.ts';
import type { OutageMonitor } from './outage.ts';

const DATABASE_TIMEOUT_MS = 2000;

/** `work`, or a rejection after DATABASE_TIMEOUT_MS. */
async function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('database timeout')), DATABASE_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthCheck(ctx: AppContext, outage: OutageMonitor): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await withTimeout(ctx.db.pool.query('SELECT 1'));
      res.json({ status: 'ok', database: 'ok' });
    } catch (error) {
      outage.report(error);
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  };
}

export function readinessCheck(ctx: AppContext, outage: OutageMonitor): RequestHandler {
  const migrations = readMigrations();
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    let status;
    try {
      status = await withTimeout(migrationStatus(ctx.db.pool, migrations));
    } catch (error) {
      outage.report(error);
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
      return;
    }
    if (status.problems.length > 0 || status.pending.length > 0) {
      res.status(503).json({ status: 'unavailable', database: 'ok', migrations: status.problems.length > 0 ? 'failed' : 'pending' });
      return;
    }
    res.json({ status: 'ready', database: 'ok', migrations: 'applied' });
  };
}
