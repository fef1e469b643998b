import type { Router } from 'express';
import type { AppContext } from '../platform/context.ts';
import { restRouter } from '../platform/http.ts';

export function documentsRouter(_ctx: AppContext): Router {
  const router = restRouter();
  return router;
}
