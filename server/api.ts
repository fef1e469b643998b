// The REST API under /api (SPEC section 3): authentication, trailing slashes, one router
// per resource, the API root. AdminJS's own calls (/api/resources/…, /api/pages/…,
// /api/dashboard…) pass through to the panel mounted after it.
import express, { type Router } from 'express';
import type { AppContext } from './platform/context.ts';
import { authenticate } from './platform/auth.ts';
import { NotFound } from './platform/errors.ts';
import { absoluteUrl } from './platform/http.ts';
import { authRouter, usersRouter } from './users/routes.ts';
import { studentsRouter, tutorsRouter } from './profiles/routes.ts';
import { groupsRouter, schoolsRouter, sessionsRouter } from './tutoring/routes.ts';
import { registrationsRouter } from './register/routes.ts';
import { participationsRouter, placesRouter, visitsRouter } from './visits/routes.ts';
import { documentsRouter } from './core/routes.ts';

/** The collections of the API root, in the original's order (SPEC 3.16). */
const COLLECTIONS = [
  'users', 'tutors', 'students', 'schools', 'groups', 'sessions', 'registrations', 'visits',
  'participations', 'places', 'documents',
] as const;

const ADMIN_API_PATH = /^\/(resources|pages|dashboard|actions)(\/|$)/;

export function apiRouter(ctx: AppContext): Router {
  const api = express.Router({ strict: false });

  api.use((req, _res, next) => (ADMIN_API_PATH.test(req.path) ? next('router') : next()));

  // SPEC 3.1: GET/HEAD without the trailing slash answer 301; other methods are served as is.
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

  api.get('/', (req, res) => {
    res.json(Object.fromEntries(COLLECTIONS.map((name) => [name, absoluteUrl(req, `/api/${name}/`)])));
  });

  api.use('/auth', authRouter(ctx));
  api.use('/users', usersRouter(ctx));
  api.use('/tutors', tutorsRouter(ctx));
  api.use('/students', studentsRouter(ctx));
  api.use('/schools', schoolsRouter(ctx));
  api.use('/groups', groupsRouter(ctx));
  api.use('/sessions', sessionsRouter(ctx));
  api.use('/registrations', registrationsRouter(ctx));
  api.use('/visits', visitsRouter(ctx));
  api.use('/participations', participationsRouter(ctx));
  api.use('/places', placesRouter(ctx));
  api.use('/documents', documentsRouter(ctx));

  api.use(() => {
    throw new NotFound();
  });
  return api;
}
