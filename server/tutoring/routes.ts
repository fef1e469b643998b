import type { Router } from 'express';
import type { AppContext } from '../platform/context.ts';
import { restRouter } from '../platform/http.ts';

export function groupsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}

export function schoolsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}

export function sessionsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}
