// The Express application, without listen(): tests import it. Reads as the table of
// contents of the server: global middleware, the REST API under /api, media, the admin
// panel at /, then the 404 and error handlers.
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import { pinoHttp } from 'pino-http';
import type { AppContext } from './platform/context.ts';
import { allowedHostsOnly, httpsOnly } from './platform/http.ts';
import { errorHandler, notFoundHandler } from './platform/errors.ts';
import { healthCheck } from './platform/health.ts';
import { refuseNulCharacters } from './platform/validate.ts';
import { apiRouter } from './api.ts';
import { mediaRouter } from './platform/storage-media.ts';

/** `adminRouter`: the AdminJS panel (admin/index.ts `createAdminRouter`), built asynchronously. */
export function createApp(ctx: AppContext, adminRouter?: RequestHandler): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.set('json spaces', 0);

  app.use(pinoHttp({ logger: ctx.logger, autoLogging: { ignore: (req) => req.url === '/healthz' } }));
  app.use(allowedHostsOnly(ctx.config));
  app.get('/healthz', healthCheck(ctx));
  // After the health check: the platform probes the process directly, over plain HTTP.
  app.use(httpsOnly(ctx.config));
  // Path and query of every request; API bodies are checked once parsed (platform/http.ts).
  app.use(refuseNulCharacters);

  // The REST API: strict headers, CORS from the original's origin patterns (SPEC 3.1).
  app.use(
    '/api',
    helmet({ frameguard: { action: 'deny' } }),
    cors({
      origin: ctx.config.corsOriginRegexes,
      methods: ['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
      allowedHeaders: [
        'accept', 'accept-encoding', 'authorization', 'content-type', 'dnt', 'origin', 'user-agent',
        'x-csrftoken', 'x-requested-with',
      ],
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
  app.use(errorHandler(ctx.logger));
  return app;
}
