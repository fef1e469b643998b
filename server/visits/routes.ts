import type { Router } from 'express';
import type { AppContext } from '../platform/context.ts';
import { restRouter } from '../platform/http.ts';

export function participationsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}

export function placesRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}

export function visitsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}
