// The abuse counters in PostgreSQL: fixed windows, exponential delays, all-or-none takes,
// shared by every user of the database. Time passes by moving the stored instants back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { Throttled } from './errors.ts';
import { counter, createRateLimits, type LimitRule } from './rate-limit.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());
beforeEach(() => ctx.db.query('DELETE FROM oser_rate_limit'));

const fixed = (limit: number, windowSeconds = 60): LimitRule => ({ name: 'fixed', limit, windowSeconds, delaySeconds: 0 });
const delayed: LimitRule = { name: 'delayed', limit: 2, windowSeconds: 600, delaySeconds: 30 };

/** Moves every stored instant `seconds` into the past, as if that time had passed. */
const elapse = (seconds: number) =>
  ctx.db.query(
    `UPDATE oser_rate_limit SET blocked_until = blocked_until - make_interval(secs => $1), expires_at = expires_at - make_interval(secs => $1)`,
    [seconds],
  );

async function refusal(attempt: Promise<unknown>): Promise<number | undefined> {
  try {
    await attempt;
    return undefined;
  } catch (error) {
    if (!(error instanceof Throttled)) throw error;
    return Number(error.headers['Retry-After']);
  }
}

describe('rate limits in PostgreSQL', () => {
  it('lets `limit` events through in a fixed window, then answers 429 with the seconds left', async () => {
    const limits = createRateLimits(ctx.db);
    const a = counter(fixed(2), 'a');
    await limits.take(a);
    await limits.take(a);
    await elapse(15);
    const error = await limits.take(a).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Throttled);
    expect((error as Throttled).status).toBe(429);
    expect(Number((error as Throttled).headers['Retry-After'])).toBeGreaterThanOrEqual(44);
    expect(Number((error as Throttled).headers['Retry-After'])).toBeLessThanOrEqual(45);
    // Another subject has its own counter; the window's end forgives.
    expect(await refusal(limits.take(counter(fixed(2), 'b')))).toBeUndefined();
    await elapse(45);
    expect(await refusal(limits.take(a))).toBeUndefined();
  });

  it('doubles the delay after each event beyond the limit, up to the window', async () => {
    const limits = createRateLimits(ctx.db);
    const client = counter(delayed, 'owner from one client');
    await limits.take(client);
    await limits.take(client); // the limit: the next one waits 30 s
    const waits: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const wait = await refusal(limits.take(client));
      waits.push(wait!);
      // Refused attempts count nothing: the wait does not grow.
      expect(await refusal(limits.take(client))).toBeLessThanOrEqual(wait!);
      await elapse(wait!);
      expect(await refusal(limits.take(client))).toBeUndefined();
    }
    // Give or take the second the statements took.
    [30, 60, 120, 240, 480, 600].forEach((expected, index) => expect(waits[index]).toBeGreaterThan(expected - 5));
    [30, 60, 120, 240, 480, 600].forEach((expected, index) => expect(waits[index]).toBeLessThanOrEqual(expected));
    // Forgotten a window after the last delay ends.
    await elapse(600 + 600);
    await limits.take(client);
    await limits.take(client);
    expect(await refusal(limits.take(client))).toBeGreaterThan(25);
  });

  it('counts all counters or none: one blocked counter leaves the others untouched', async () => {
    const limits = createRateLimits(ctx.db);
    const shared = counter(fixed(1), 'shared');
    const own = counter(fixed(2), 'own');
    await limits.take(shared);
    expect(await refusal(limits.take(own, shared))).toBeGreaterThan(0);
    expect(await refusal(limits.take(own, shared))).toBeGreaterThan(0);
    // `own` counted nothing above: both of its events are still free.
    await limits.take(own);
    await limits.take(own);
    expect(await refusal(limits.take(own))).toBeGreaterThan(0);
  });

  it('gives back an event, and forgets a counter', async () => {
    const limits = createRateLimits(ctx.db);
    const a = counter(fixed(2), 'a');
    await limits.take(a);
    await limits.take(a);
    await limits.giveBack(a);
    await limits.take(a);
    expect(await refusal(limits.take(a))).toBeGreaterThan(0);
    await limits.forget(a);
    await limits.take(a);
    await limits.take(a);
  });

  it('is shared by every process on the database: parallel takes from two instances never pass the limit', async () => {
    const [one, two] = [createRateLimits(ctx.db), createRateLimits(ctx.db)];
    const a = counter(fixed(3), 'a');
    const results = await Promise.all(Array.from({ length: 10 }, (_, index) => refusal((index % 2 ? one : two).take(a))));
    expect(results.filter((wait) => wait === undefined)).toHaveLength(3);
  });

  it('is disabled by a limit of 0, and keeps no email or address in clear', async () => {
    const limits = createRateLimits(ctx.db);
    for (let index = 0; index < 20; index += 1) await limits.take(counter(fixed(0), 'a'));
    await limits.take(counter(fixed(5), 'someone@example.org\n203.0.113.9'));
    const keys = (await ctx.db.query<{ key: string }>('SELECT key FROM oser_rate_limit')).map((row) => row.key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^fixed:[\w-]{32}$/);
  });
});
