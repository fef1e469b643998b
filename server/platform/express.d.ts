import type { Logger } from 'pino';
import type { Actor } from './auth.ts';

declare global {
  namespace Express {
    interface Request {
      /** Set by platform/auth.ts on every /api request. */
      actor: Actor;
      /** The request id (request-id.ts), also answered as X-Request-Id; set by request-log.ts. */
      id: string;
      /** A logger whose lines carry the request (method, URL, headers without credentials); request-log.ts. */
      log: Logger;
    }
  }
}
export {};
