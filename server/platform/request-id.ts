// Request ids: every request gets one (the proxy's X-Request-Id when it is trusted and sane,
// else a fresh UUID), returned as X-Request-Id and carried by every log line written while
// the request is handled (log.ts), by the emails it queues and by their delivery logs.
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const current = new AsyncLocalStorage<string>();

/** Heroku's UUIDs, nginx's hex ids and the like; anything else could forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:+=-]{8,128}$/;

/** The id of the request (or outbox message) being handled here, if any. */
export function currentRequestId(): string | undefined {
  return current.getStore();
}

/** Runs `work` with `id` as the current request id (undefined: none). */
export function withRequestId<T>(id: string | null | undefined, work: () => T): T {
  return id ? current.run(id, work) : current.exit(work);
}

/** `proxies`: TRUST_PROXY, the number of proxies in front (0: a client's header is not believed). */
export function requestIdOf(req: IncomingMessage, proxies: number): string {
  const fromProxy = proxies > 0 ? req.headers['x-request-id'] : undefined;
  return typeof fromProxy === 'string' && SANE_REQUEST_ID.test(fromProxy) ? fromProxy : crypto.randomUUID();
}
