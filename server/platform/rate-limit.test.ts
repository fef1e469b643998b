import { describe, expect, it } from 'vitest';
import { Throttled } from './errors.ts';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
  const clock = () => {
    let time = 1_000_000;
    return { now: () => time, advance: (ms: number) => (time += ms) };
  };

  it('lets `limit` events through per key, then throws 429 with the seconds left', () => {
    const { now, advance } = clock();
    const limiter = createRateLimiter({ limit: 2, windowSeconds: 60, now });
    limiter.hit('a');
    limiter.check('a');
    limiter.hit('a');
    advance(15_500);
    const error = (() => {
      try {
        limiter.check('a');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(Throttled);
    expect((error as Throttled).status).toBe(429);
    expect((error as Throttled).headers['Retry-After']).toBe('45');
    expect(() => limiter.check('b')).not.toThrow();
  });

  it('forgets a key when its window is over, or on reset', () => {
    const { now, advance } = clock();
    const limiter = createRateLimiter({ limit: 1, windowSeconds: 10, now });
    limiter.hit('a');
    expect(() => limiter.check('a')).toThrow(Throttled);
    advance(10_000);
    expect(() => limiter.check('a')).not.toThrow();
    limiter.hit('a');
    limiter.reset('a');
    expect(() => limiter.check('a')).not.toThrow();
  });

  it('is disabled by a limit of 0', () => {
    const limiter = createRateLimiter({ limit: 0, windowSeconds: 10 });
    for (let index = 0; index < 100; index += 1) limiter.hit('a');
    expect(() => limiter.check('a')).not.toThrow();
  });
});

describe('release', () => {
  it('gives back one event of the current window', () => {
    const limiter = createRateLimiter({ limit: 2, windowSeconds: 60 });
    limiter.hit('a');
    limiter.hit('a');
    expect(() => limiter.check('a')).toThrow(Throttled);
    limiter.release('a');
    expect(() => limiter.check('a')).not.toThrow();
    limiter.release('a');
    limiter.release('a');
    limiter.hit('a');
    expect(() => limiter.check('a')).not.toThrow();
  });
});
