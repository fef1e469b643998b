// The REST API under /api (docs/api.md): authentication, trailing slashes, one router
// per resource, the API root. AdminJS's own calls (/api/resources/…, /api/pages/…,
// /api/dashboard…) pass through to the panel mounted after it.
import express, { type Router } from 'express';
import type { AppContext } from './platform/context.ts';
import { authenticate } from './platform/auth.ts';
import { NotFound } from './platform/errors.ts';
import { resourceRouter, type ApiResource } from './platform/endpoint.ts';
import { buildOpenApiDocument } from './platform/openapi.ts';
import { docsRouter } from './platform/docs.ts';
import { authResource, usersResource } from './users/routes.ts';
import { studentsResource, tutorsResource } from './profiles/routes.ts';
import { groupsResource, schoolsResource, sessionsResource } from './tutoring/routes.ts';
import { registrationsResource } from './register/routes.ts';
import { participationsResource, placesResource, visitsResource } from './visits/routes.ts';
import { documentsResource } from './core/routes.ts';
import { apiRootResource } from './api-root.ts';

// Without regard to case, as Express routes them (admin/platform/adminjs-internals.ts RESOURCE_API).
const ADMIN_API_PATH = /^\/(resources|pages|dashboard|actions)(\/|$)/i;

/** Every resource of the API, in one visible list. */
export function apiResources(ctx: AppContext): ApiResource[] {
  return [
    authResource(ctx),
    usersResource(ctx),
    tutorsResource(ctx),
    studentsResource(ctx),
    schoolsResource(ctx),
    groupsResource(ctx),
    sessionsResource(ctx),
    registrationsResource(ctx),
    visitsResource(ctx),
    participationsResource(ctx),
    placesResource(ctx),
    documentsResource(ctx),
  ];
}

export function apiRouter(ctx: AppContext): Router {
  const resources = apiResources(ctx);
  const api = express.Router({ strict: false });

  api.use((req, _res, next) => (ADMIN_API_PATH.test(req.path) ? next('router') : next()));

  // docs/api.md#conventions: GET/HEAD without the trailing slash answer 301; other methods are served as is.
  api.use((req, res, next) => {
    const lastSegment = req.path.split('/').pop() ?? '';
    if ((req.method === 'GET' || req.method === 'HEAD') && !req.path.endsWith('/') && !lastSegment.includes('.')) {
      const queryStart = req.originalUrl.indexOf('?');
      const query = queryStart === -1 ? '' : req.originalUrl.slice(queryStart);
      return res.redirect(301, `${req.baseUrl}${req.path}/${query}`);
    }
    next();
  });

  api.use(authenticate(ctx));

  // Mounted on exactly "/": the root's body parsers must not run for other paths.
  const root = apiRootResource();
  api.use(/^\/$/, resourceRouter(root));

  api.use(docsRouter(() => buildOpenApiDocument([root, ...resources])));
  for (const resource of resources) api.use(resource.prefix, resourceRouter(resource));

  api.use(() => {
    throw new NotFound();
  });
  return api;
}
