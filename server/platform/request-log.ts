// One log line per request (id, route template, status, duration), as pino-http wrote it, without
// its cost: pino-http serialised the whole request into two or three child loggers on every
// request, logged or not (a tenth of the CPU of a small answer, docs/benchmark.md). Here the
// request is serialised only for a line actually written, and `req.log` is made on first use.
import type { RequestHandler, Request, Response } from 'express';
import { pino, type Logger } from 'pino';

export interface RequestLogOptions {
  /** The request's id (request-id.ts `requestIdOf`). */
  idOf(req: Request): string;
  /** The route template of the line (http.ts `routeTemplate`), read once the response is sent. */
  routeOf(req: Request, res: Response): string;
  /** Requests not logged (probes, metrics scrapes). */
  quiet(req: Request): boolean;
}

export function requestLog(logger: Logger, options: RequestLogOptions): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const id = options.idOf(req);
    req.id = id;
    res.setHeader('X-Request-Id', id);
    let child: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (child ??= logger.child({ req: pino.stdSerializers.req(req) })),
    });
    if (!options.quiet(req)) {
      const done = () => {
        res.off('finish', done);
        res.off('close', done);
        if (!logger.isLevelEnabled('info')) return;
        const line = {
          requestId: id,
          route: options.routeOf(req, res),
          req: pino.stdSerializers.req(req),
          res: pino.stdSerializers.res(res),
          responseTime: Date.now() - started,
        };
        // No error object for a 5xx: the status says it, and the cause is logged where it is met
        // (errors.ts for a 500, outage.ts once per outage for the 503s).
        if (res.statusCode >= 500) logger.info(line, 'request errored');
        else logger.info(line, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
}
