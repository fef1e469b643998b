// GET /healthz: the process answers and its database does (503 otherwise).
import type { RequestHandler } from 'express';
import type { AppContext } from './context.ts';

const DATABASE_TIMEOUT_MS = 2000;

export function healthCheck(ctx: AppContext): RequestHandler {
  return async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ctx.db.pool.query('SELECT 1'),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('database timeout')), DATABASE_TIMEOUT_MS);
        }),
      ]);
      res.set('Cache-Control', 'no-store').json({ status: 'ok', database: 'ok' });
    } catch (error) {
      ctx.logger.warn({ err: error }, 'health check: database unreachable');
      res.set('Cache-Control', 'no-store').status(503).json({ status: 'unavailable', database: 'unreachable' });
    } finally {
      clearTimeout(timer);
    }
  };
}
