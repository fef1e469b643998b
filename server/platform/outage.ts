// Database outages (a restart, a failover, a cut network): requests that fail because the
// database cannot be reached answer 503 with Retry-After, in the API's shape or as a French
// page in the panel, and the log says once when the outage starts and once when it ends
// (README, "Running in production"), instead of an error with a stack per request. The mail
// outbox and the cron jobs report to the same monitor instead of logging an error per poll.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { AppContext } from './context.ts';
import type { Database } from './db.ts';

export const UNAVAILABLE_DETAIL = 'Service temporairement indisponible.';
const RETRY_AFTER_SECONDS = 5;
const PROBE_INTERVAL_MS = 1000;

/** Socket errors of a connection that could not be made or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server going away or not accepting connections: admin_shutdown,
 * crash_shutdown, cannot_connect_now, too_many_connections; class 08 is connection_exception.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Prisma's codes for the same (unreachable, timed out, connection closed, too many connections). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2037']);
/** The kinds @prisma/adapter-pg gives socket failures. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** node-postgres reports a lost connection or an exhausted pool by message only. */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'terminating connection due to administrator command',
];
/** Prisma's wait for a transaction, the pool timeout of interactive transactions. */
const PRISMA_TRANSACTION_WAIT = 'Unable to start a transaction in the given time';

function isConnectionCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || PRISMA_CODES.has(code);
}

/**
 * Whether `error` means "the database cannot be reached now" rather than a bug or bad input.
 * Prisma wraps the driver's error (in `cause` or `meta.driverAdapterError`): the chain is followed.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const candidate = error as {
    code?: unknown;
    originalCode?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  if (isConnectionCode(candidate.code) || isConnectionCode(candidate.originalCode)) return true;
  if (typeof candidate.kind === 'string' && ADAPTER_KINDS.has(candidate.kind)) return true;
  if (typeof candidate.message === 'string') {
    const message = candidate.message;
    if (PG_MESSAGES.some((text) => message.startsWith(text)) || message.includes(PRISMA_TRANSACTION_WAIT)) return true;
  }
  return isDatabaseUnavailable(candidate.cause, depth + 1) || isDatabaseUnavailable(candidate.meta?.driverAdapterError, depth + 1);
}

export interface OutageMonitor {
  /** Notes a failure that `isDatabaseUnavailable` recognised; the first of an outage is logged. */
  report(error: unknown): void;
  readonly ongoing: boolean;
}

/**
 * One warning when the database becomes unreachable, then a probe every second until it
 * answers again, and one line saying so (with how long it lasted and how many failures).
 */
export function outageMonitor(db: Pick<Database, 'pool'>, logger: Logger): OutageMonitor {
  let outage: { since: number; failures: number } | undefined;
  function probe() {
    const timer = setInterval(() => {
      db.pool.query('SELECT 1').then(
        () => {
          clearInterval(timer);
          if (!outage) return;
          const seconds = Math.round((Date.now() - outage.since) / 100) / 10;
          logger.warn({ seconds, failures: outage.failures }, 'database reachable again: outage over');
          outage = undefined;
        },
        () => {},
      );
    }, PROBE_INTERVAL_MS);
    timer.unref();
  }
  return {
    report(error) {
      if (outage) {
        outage.failures += 1;
        return;
      }
      outage = { since: Date.now(), failures: 1 };
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ reason }, `database unreachable: answering 503 until it is back`);
      probe();
    },
    get ongoing() {
      return outage !== undefined;
    },
  };
}

/** The context's monitor (the server's one), else a monitor of the caller's own. */
export function sharedOutageMonitor(ctx: Pick<AppContext, 'db' | 'logger' | 'outage'>): OutageMonitor {
  return ctx.outage ?? outageMonitor(ctx.db, ctx.logger);
}

/**
 * A failure of background work (mail outbox, cron job): an outage goes to the monitor, which
 * logs it once, rather than an error per poll; anything else is logged as an error.
 */
export function reportBackgroundFailure(
  monitor: OutageMonitor,
  logger: Logger,
  error: unknown,
  message: string,
  bindings: object = {},
): void {
  if (isDatabaseUnavailable(error)) monitor.report(error);
  else logger.error({ ...bindings, err: error }, message);
}

const PANEL_PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Service temporairement indisponible</title></head>
<body><h1>Service temporairement indisponible</h1>
<p>La base de données ne répond pas pour le moment. Réessayez dans quelques instants.</p></body></html>
`;

/** Renders database outages as 503; passes every other error on. Mounted before errorHandler. */
export function databaseUnavailableHandler(monitor: OutageMonitor): ErrorRequestHandler {
  // Express recognises error handlers by their four parameters: keep `next`.
  return (error, req, res, next) => {
    if (!isDatabaseUnavailable(error)) return next(error);
    monitor.report(error);
    // A streamed list cut midway: the client sees a broken response at once.
    if (res.headersSent) return void res.destroy();
    res.status(503).set({ 'Retry-After': String(RETRY_AFTER_SECONDS), 'Cache-Control': 'no-store' });
    const wantsJson = req.originalUrl.startsWith('/api/') || req.originalUrl === '/api' || !req.accepts('html');
    if (wantsJson) res.json({ detail: UNAVAILABLE_DETAIL });
    else res.type('html').send(PANEL_PAGE);
  };
}
