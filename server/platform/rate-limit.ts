// Abuse limits (failed logins, sign-ups, withdrawal notices), counted in PostgreSQL so that
// every server process shares them and a restart forgives nothing. One row per counter in
// `oser_rate_limit`, changed by atomic statements. README "Security" explains the rules.
import crypto from 'node:crypto';
import type { Database } from './db.ts';
import { Throttled } from './errors.ts';

export interface LimitRule {
  /** Names the counters of this rule (part of their key). */
  name: string;
  /** Events allowed before the counter blocks; 0 disables the rule. */
  limit: number;
  windowSeconds: number;
  /**
   * 0: a fixed window: `limit` events from the first one, then blocked until the window ends.
   * Otherwise an exponential delay: after `limit` events each further one must wait this
   * delay, doubled each time up to `windowSeconds`; the counter is forgotten `windowSeconds`
   * after the end of its last delay.
   */
  delaySeconds: number;
}

/** One counter: a rule applied to one subject (an address, an account, a user id…). */
export interface Counter {
  rule: LimitRule;
  subject: string;
}

export const counter = (rule: LimitRule, subject: string): Counter => ({ rule, subject });

export interface RateLimits {
  /**
   * Counts one event on every counter, all or none: when one of them is blocked, nothing is
   * counted and 429 is thrown with the seconds left in Retry-After.
   */
  take(...counters: Counter[]): Promise<void>;
  /** Uncounts one event counted by `take` (an attempt that, in the end, does not count). */
  giveBack(...counters: Counter[]): Promise<void>;
  /** Forgets the counters (e.g. an account's failures after its owner logs in). */
  forget(...counters: Counter[]): Promise<void>;
}

/** Keys are hashed: the table holds neither emails nor addresses. */
function keyOf({ rule, subject }: Counter): string {
  return `${rule.name}:${crypto.createHash('sha256').update(subject).digest('base64url').slice(0, 32)}`;
}

const active = (counters: Counter[]) => counters.filter(({ rule }) => rule.limit > 0);

/**
 * The values of a counter after one more event, in SQL: `r` names the rule's columns; the
 * stored row is `t`, or none for a new counter. An expired row starts again from 1.
 */
function counted(r: 'i' | 'excluded', stored: boolean) {
  const window = `make_interval(secs => ${r}.window_seconds)`;
  const hits = stored ? 'CASE WHEN t.expires_at <= now() THEN 1 ELSE t.hits + 1 END' : '1';
  const windowEnd = stored ? `CASE WHEN t.expires_at <= now() THEN now() + ${window} ELSE t.expires_at END` : `now() + ${window}`;
  const blockedUntil = `CASE
      WHEN ${hits} < ${r}.hit_limit THEN NULL
      WHEN ${r}.delay_seconds = 0 THEN ${windowEnd}
      ELSE now() + make_interval(secs => least(${r}.delay_seconds * 2 ^ (${hits} - ${r}.hit_limit), ${r}.window_seconds))
    END`;
  const expiresAt = `CASE WHEN ${r}.delay_seconds = 0 THEN ${windowEnd} ELSE coalesce(${blockedUntil}, now()) + ${window} END`;
  return { hits, blockedUntil, expiresAt };
}

const created = counted('i', false);
const updated = counted('excluded', true);

// One statement, so atomic per counter: the row is locked while it is checked and counted
// (rows are locked in key order: two takes sharing counters queue instead of deadlocking).
// A blocked counter is left untouched and missing from RETURNING.
const TAKE = `
  INSERT INTO oser_rate_limit AS t (key, hits, hit_limit, window_seconds, delay_seconds, blocked_until, expires_at)
  SELECT i.key, ${created.hits}, i.hit_limit, i.window_seconds, i.delay_seconds, ${created.blockedUntil}, ${created.expiresAt}
  FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS i(key, hit_limit, window_seconds, delay_seconds)
  ON CONFLICT (key) DO UPDATE SET
    hits = ${updated.hits},
    hit_limit = excluded.hit_limit,
    window_seconds = excluded.window_seconds,
    delay_seconds = excluded.delay_seconds,
    previous_blocked_until = t.blocked_until,
    blocked_until = ${updated.blockedUntil},
    expires_at = ${updated.expiresAt}
  WHERE t.expires_at <= now() OR t.blocked_until IS NULL OR t.blocked_until <= now()
  RETURNING t.key`;

const SECONDS_LEFT = `
  SELECT ceil(extract(epoch FROM max(blocked_until) - now()))::int AS seconds
  FROM oser_rate_limit WHERE key = ANY($1) AND blocked_until > now() AND expires_at > now()`;

// Undoes one event: below the limit nothing blocks; a delay goes back to the one before.
const GIVE_BACK = `
  UPDATE oser_rate_limit SET
    hits = hits - 1,
    blocked_until = CASE WHEN hits - 1 < hit_limit THEN NULL WHEN delay_seconds = 0 THEN blocked_until ELSE previous_blocked_until END
  WHERE key = ANY($1) AND hits > 0 AND expires_at > now()`;

const SWEEP_EVERY_MS = 10 * 60 * 1000;
let nextSweep = 0;

export function createRateLimits(db: Database): RateLimits {
  const giveBack = async (keys: string[]) => {
    if (keys.length > 0) await db.pool.query(GIVE_BACK, [keys]);
  };
  return {
    async take(...all) {
      const counters = active(all)
        .map((item) => ({ key: keyOf(item), rule: item.rule }))
        .sort((a, b) => (a.key < b.key ? -1 : 1));
      if (counters.length === 0) return;
      if (Date.now() >= nextSweep) {
        nextSweep = Date.now() + SWEEP_EVERY_MS;
        await db.pool.query('DELETE FROM oser_rate_limit WHERE expires_at <= now()');
      }
      const keys = counters.map(({ key }) => key);
      const taken = await db.pool.query<{ key: string }>(TAKE, [
        keys,
        counters.map(({ rule }) => rule.limit),
        counters.map(({ rule }) => rule.windowSeconds),
        counters.map(({ rule }) => rule.delaySeconds),
      ]);
      if (taken.rows.length === keys.length) return;
      // All or none: the counters that were counted give their event back.
      await giveBack(taken.rows.map((row) => row.key));
      const [left] = (await db.pool.query<{ seconds: number | null }>(SECONDS_LEFT, [keys])).rows;
      throw new Throttled(Math.max(1, left?.seconds ?? 1));
    },
    giveBack: (...all) => giveBack(active(all).map(keyOf)),
    async forget(...all) {
      const keys = active(all).map(keyOf);
      if (keys.length > 0) await db.pool.query('DELETE FROM oser_rate_limit WHERE key = ANY($1)', [keys]);
    },
  };
}
