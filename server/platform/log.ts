// Structured logs (pino), one line of JSON per event; request logs come from request-log.ts. A line
// written while a request is handled carries its id (request-id.ts), whoever logs it.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from './config.ts';
import { currentRequestId } from './request-id.ts';

/** `destination`: standard output unless given (tests read the lines). */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      // Credentials both ways: the request's, and the panel's session cookie in responses.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}
