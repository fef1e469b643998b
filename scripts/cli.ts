// Shared plumbing of the operator commands: a database connection (the configured server,
// or the embedded one, migrated) for the duration of a command.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, parseConfig, type Config } from '../server/platform/config.ts';
import { connectDatabase, type Database } from '../server/platform/db.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { applyMigrations } from '../server/platform/migrate.ts';

export async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'pglite') });
  const url = config.databaseUrl ?? embedded!.url;
  const db = connectDatabase(url, { poolSize: 2 });
  try {
    await applyMigrations(url);
    return await work(db);
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

/** Prints `message` on stderr and exits with status 1. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** The configuration, or exit 1 with its one-line error. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

/** Parses a command's flags; --help prints `help`, unknown flags exit 1 with it. */
export function parseFlagsOrExit<const Options extends NonNullable<ParseArgsConfig['options']>>(options: Options, help: string) {
  if (process.argv.slice(2).includes('--help')) {
    console.log(help);
    process.exit(0);
  }
  try {
    return parseArgs({ options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${help}`);
  }
}

/** A command's positional arguments (at most `max`); --help prints `help`, flags or extra arguments exit 1 with it. */
export function parsePositionalsOrExit(max: number, help: string): string[] {
  if (process.argv.slice(2).includes('--help')) {
    console.log(help);
    process.exit(0);
  }
  try {
    const { positionals } = parseArgs({ options: {}, strict: true, allowPositionals: true });
    if (positionals.length > max) throw new Error(`Unexpected argument '${positionals[max]}'`);
    return positionals;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${help}`);
  }
}

/** What db:backup and db:restore say when DATABASE_URL is set. */
export const USE_POSTGRES_TOOLS = `DATABASE_URL is set: back up and restore a PostgreSQL server with its own tools, e.g.
  pg_dump --no-owner --no-privileges "$DATABASE_URL" > backup.sql      (restore: psql "$DATABASE_URL" -f backup.sql)
  pg_dump -Fc "$DATABASE_URL" > backup.dump                            (restore: pg_restore -d "$DATABASE_URL" backup.dump)
On Heroku: heroku pg:backups:capture / heroku pg:backups:restore.`;
