// The Express application, without listen(): tests import it. Reads as the table of
// contents of the server: global middleware, the REST API under /api, media, the admin
// panel at /, then the 404 and error handlers.
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { AppContext } from './platform/context.ts';
import { LEGACY_REPLACEMENT_HEADER } from './platform/auth.ts';
import { allowedHostsOnly, fixedHeaders, httpsOnly, routeTemplate } from './platform/http.ts';
import { compressResponses } from './platform/compression.ts';
import { createMetrics, metricsEndpoint } from './platform/metrics.ts';
import { requestIdOf } from './platform/request-id.ts';
import { requestLog } from './platform/request-log.ts';
import { errorHandler, notFoundHandler } from './platform/errors.ts';
import { healthCheck, readinessCheck } from './platform/health.ts';
import { databaseUnavailableHandler, sharedOutageMonitor } from './platform/outage.ts';
import { refuseUnstorableInput } from './platform/validate.ts';
import { apiRouter } from './api.ts';
import { mediaRouter } from './platform/storage-media.ts';

/** `adminRouter`: the AdminJS panel (admin/index.ts `createAdminRouter`), built asynchronously. */
export interface AppOptions {
  /** Memory, event loop… in /metrics: for the server's own processes, not every test app. */
  processMetrics?: boolean;
}

export function createApp(ctx: AppContext, adminRouter?: RequestHandler, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('json spaces', 0);

  // Database outages: 503 and one warning per outage, not a 500 and a stack per request.
  const outage = sharedOutageMonitor(ctx);

  // Request id (X-Request-Id), one log line per request with its route template, status
  // and duration, the same figures for /metrics; log lines written meanwhile carry the id.
  const metrics = createMetrics(ctx, { processMetrics: options.processMetrics });
  app.use(
    requestLog(app, ctx.logger, {
      idOf: (req) => requestIdOf(req, ctx.config.trustProxy),
      routeOf: routeTemplate,
      quiet: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics',
      onSent: (req, res, route, seconds) => metrics.observeRequest(req.method, route, res.statusCode, seconds),
    }),
  );
  app.use(compressResponses());
  app.get('/metrics', metricsEndpoint(ctx, metrics));
  app.use(allowedHostsOnly(ctx.config));
  app.get('/healthz', healthCheck(ctx, outage));
  app.get('/readyz', readinessCheck(ctx, outage));
  // After the health check: the platform probes the process directly, over plain HTTP.
  app.use(httpsOnly(ctx.config));
  // Path and query of every request; API bodies are checked once parsed (platform/http.ts).
  app.use(refuseUnstorableInput);

  // The REST API: strict headers, CORS from the original's origin patterns (docs/api.md#conventions).
  app.use(
    '/api',
    fixedHeaders(helmet({ frameguard: { action: 'deny' } })),
    cors({
      origin: ctx.config.corsOriginRegexes,
      methods: ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      allowedHeaders: [
        'accept',
        'accept-encoding',
        'authorization',
        'content-type',
        'dnt',
        'origin',
        'user-agent',
        'x-csrftoken',
        'x-requested-with',
      ],
      // A legacy DRF token's answer carries its replacement JWT (platform/auth.ts).
      exposedHeaders: [LEGACY_REPLACEMENT_HEADER],
      maxAge: 86400,
    }),
    apiRouter(ctx),
  );

  // Uploaded files (the original's MEDIA_URL); before the admin panel, which takes the rest.
  app.use('/media', mediaRouter(ctx.storage));

  // Old Django admin bookmarks.
  app.get(/^\/admin(\/.*)?$/, (_req, res) => res.redirect(301, '/'));

  // The admin panel at / takes every other path (its login page when logged out).
  if (adminRouter) app.use('/', adminRouter);

  app.use(notFoundHandler);
  app.use(databaseUnavailableHandler(outage));
  app.use(errorHandler(ctx.logger));
  return app;
}
