// Structured logs (pino), one line of JSON per event; request logs come from pino-http. A line
// written while a request is handled carries its id (request-id.ts), whoever logs it.
import type { IncomingMessage, ServerResponse } from 'node:http';
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

/**
 * pino-http's `customErrorObject`. For an answer of 500 or more without an error of its own,
 * pino-http makes one up ("failed with status code 503") with a stack of its internals: the
 * status already says it, and the real cause is logged where it is met (errors.ts for a 500,
 * outage.ts once per outage for the 503s). The request line keeps its status, without it.
 */
export function withoutMadeUpError(
  _req: IncomingMessage,
  res: ServerResponse,
  error: Error,
  line: Record<string, unknown>,
): Record<string, unknown> {
  if (error.message !== `failed with status code ${res.statusCode}`) return line;
  const { err: _madeUp, ...rest } = line;
  return rest;
}
