// A small in-process counter of events per key over a fixed window (SPEC 9, S5/S11):
// failed logins per address or account, sign-ups per address, abandons per user. Enough
// for one process; state is lost on restart, which only forgives some attempts.
import { Throttled } from './errors.ts';

export interface RateLimiter {
  /** Throws 429 (Retry-After) when `key` has used up its window. */
  check(key: string): void;
  /** Counts one event for `key`. */
  hit(key: string): void;
  /** Gives back one event counted by `hit` (an attempt reserved up front that succeeded). */
  release(key: string): void;
  /** Forgets `key` (e.g. after a successful login). */
  reset(key: string): void;
}

/** `limit` events per `windowSeconds` per key; a limit of 0 disables the limiter. */
export function createRateLimiter(options: { limit: number; windowSeconds: number; now?: () => number }): RateLimiter {
  const { limit, windowSeconds } = options;
  const now = options.now ?? Date.now;
  const windowMs = windowSeconds * 1000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  const current = (key: string) => {
    const entry = windows.get(key);
    if (entry && entry.resetAt <= now()) {
      windows.delete(key);
      return undefined;
    }
    return entry;
  };
  // Expired windows are dropped as they are met, plus a sweep when the map grows large.
  const sweep = () => {
    if (windows.size < 10_000) return;
    const time = now();
    for (const [key, entry] of windows) if (entry.resetAt <= time) windows.delete(key);
  };

  return {
    check(key) {
      if (limit === 0) return;
      const entry = current(key);
      if (entry && entry.count >= limit) throw new Throttled(Math.max(1, Math.ceil((entry.resetAt - now()) / 1000)));
    },
    hit(key) {
      if (limit === 0) return;
      const entry = current(key);
      if (entry) entry.count += 1;
      else {
        sweep();
        windows.set(key, { count: 1, resetAt: now() + windowMs });
      }
    },
    release(key) {
      const entry = current(key);
      if (entry && entry.count > 0) entry.count -= 1;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
