import type { Router } from 'express';
import type { AppContext } from '../platform/context.ts';
import { restRouter } from '../platform/http.ts';

export function authRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}

export function usersRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}
