import type { Actor } from './auth.ts';

declare global {
  namespace Express {
    interface Request {
      /** Set by platform/auth.ts on every /api request. */
      actor: Actor;
    }
  }
}
export {};
