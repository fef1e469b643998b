// What a request handler, a job or a script needs, built once and passed in (no globals).
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db.ts';
import type { Storage } from './storage.ts';

export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  storage: Storage;
}
