// One log line per request (id, route template, status, duration), as pino-http wrote it, without
// its cost: pino-http serialised the whole request into two or three child loggers on every
// request, logged or not (a tenth of the CPU of a small answer, docs/benchmark.md). Here the
// request is serialised only for a line actually written, and `req.log` is made on first use.
// The same single listener gives /metrics its figures, and the request id is current
// (request-id.ts) while the request is handled.
import type { Express, Request, RequestHandler, Response } from 'express';
import { pino, type Logger } from 'pino';
import { withRequestId } from './request-id.ts';

export interface RequestLogOptions {
  /** The request's id (request-id.ts `requestIdOf`). */
  idOf(req: Request): string;
  /** The route template of the line (http.ts `routeTemplate`), read once the response is sent. */
  routeOf(req: Request, res: Response): string;
  /** Requests not logged (probes, metrics scrapes). */
  quiet(req: Request): boolean;
  /** Each response sent in full, logged or not (metrics.ts `observeRequest`). */
  onSent?(req: Request, res: Response, route: string, seconds: number): void;
}

const CHILD_LOGGER = Symbol('request logger');

/** `req.log` is a getter of the app's request prototype, defined once, not on every request. */
function defineRequestLogger(app: Express, logger: Logger) {
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: Request & { [CHILD_LOGGER]?: Logger }) {
      return (this[CHILD_LOGGER] ??= logger.child({ req: pino.stdSerializers.req(this) }));
    },
  });
}

export function requestLog(app: Express, logger: Logger, options: RequestLogOptions): RequestHandler {
  defineRequestLogger(app, logger);
  return (req, res, next) => {
    const started = performance.now();
    const id = options.idOf(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const quiet = options.quiet(req);
    // 'close' comes once per response, just after 'finish' when it was sent in full, alone when
    // the connection went first.
    res.once('close', () => {
      const sent = res.writableFinished;
      const route = options.routeOf(req, res);
      const elapsed = performance.now() - started;
      if (sent) options.onSent?.(req, res, route, elapsed / 1000);
      if (quiet || !logger.isLevelEnabled('info')) return;
      const line = {
        requestId: id,
        route,
        req: pino.stdSerializers.req(req),
        res: pino.stdSerializers.res(res),
        responseTime: Math.round(elapsed),
      };
      // No error object for a 5xx: the status says it, and the cause is logged where it is met
      // (errors.ts for a 500, outage.ts once per outage for the 503s).
      if (res.statusCode >= 500) logger.info(line, 'request errored');
      else logger.info(line, !req.readableAborted && sent ? 'request completed' : 'request aborted');
    });
    withRequestId(id, next);
  };
}
