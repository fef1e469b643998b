// What a request handler, a job or a script needs, built once and passed in (no globals).
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db.ts';
import type { OutageMonitor } from './outage.ts';
import type { Storage } from './storage.ts';

export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  storage: Storage;
  /**
   * The server's one outage monitor (server.ts): the API, the mail outbox and the cron jobs
   * report to it, so an outage is logged once whoever meets it. Without it (tests), each
   * makes its own (outage.ts `sharedOutageMonitor`).
   */
  outage?: OutageMonitor;
  /** The clock of what depends on the day (the tutors' promotion range); the system's when absent, a test's own when set. */
  now?: () => Date;
}

/** The context's time: its own clock when it has one (tests), else the system's. */
export function currentTime(ctx: Pick<AppContext, 'now'>): Date {
  return ctx.now ? ctx.now() : new Date();
}
