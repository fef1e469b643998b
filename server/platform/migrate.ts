// Migrations at start: one query compares the migration folders with Prisma's history table
// (`_prisma_migrations`); when everything is applied, the start goes on at once. Pending ones
// are applied here the way `prisma migrate deploy` applies them (its advisory lock, its table,
// a row per migration with the same columns and checksum), so that `npm run db:migrate` and
// Prisma's own tools find the history they expect: starting Prisma's CLI took about 10 s of a
// first start on a small machine (docs/benchmark.md, start-up). Each migration also runs in
// a transaction, which Prisma does not do: a failure leaves the schema as it was.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from './paths.ts';

export const MIGRATIONS_DIR = path.join(projectRoot, 'prisma/migrations');

export class MigrationError extends Error {}

/** A migration folder as Prisma sees it: name, SQL and checksum (sha256 hex of the file's bytes, as Prisma stores it). */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: crypto.createHash('sha256').update(bytes).digest('hex') };
    });
}

export interface MigrationStatus {
  /** Folders not yet applied, in order. */
  pending: string[];
  /** Why the database cannot be migrated automatically (a failed or edited migration), else empty. */
  problems: string[];
}

type Queryable = Pick<pg.Pool | pg.Client, 'query'>;

/** The advisory lock `prisma migrate` holds while it applies migrations. */
export const PRISMA_MIGRATE_LOCK = 72707369;

const UNDEFINED_TABLE = '42P01';

/**
 * Compares `migrations` with the history in one query. A row counts as Prisma counts it:
 * applied when finished and not rolled back, failed when neither finished nor rolled back.
 */
export async function migrationStatus(db: Queryable, migrations: MigrationFile[]): Promise<MigrationStatus> {
  let rows: { migration_name: string; checksum: string; finished: boolean }[];
  try {
    ({ rows } = await db.query(
      `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
       FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    ));
  } catch (error) {
    // A new database: Prisma creates its table with the first migration.
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return { pending: migrations.map((m) => m.name), problems: [] };
    throw error;
  }
  const problems: string[] = [];
  for (const row of rows.filter((r) => !r.finished)) {
    problems.push(
      `Migration ${row.migration_name} failed and was never completed: fix the database, then mark it with ` +
        `\`npx prisma migrate resolve --config prisma/prisma.config.ts --rolled-back ${row.migration_name}\` (or --applied).`,
    );
  }
  const applied = new Map(rows.filter((r) => r.finished).map((r) => [r.migration_name, r.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      problems.push(
        `Migration ${migration.name} was edited after it was applied (its checksum differs from the database's): ` +
          `restore prisma/migrations/${migration.name}/migration.sql, and put the change in a new migration.`,
      );
    }
  }
  return { pending: migrations.filter((m) => !applied.has(m.name)).map((m) => m.name), problems };
}

/** The history table exactly as Prisma's schema engine creates it. */
export const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** A history row as Prisma writes one once a migration has run (`executed`) or is marked applied. */
export async function recordMigration(client: Queryable, migration: MigrationFile, executed: boolean): Promise<void> {
  await client.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, clock_timestamp(), $3, clock_timestamp(), $4)`,
    [crypto.randomUUID(), migration.checksum, migration.name, executed ? 1 : 0],
  );
}

/**
 * Applies the pending migrations, holding Prisma's migrate lock so that instances starting
 * together (or a `prisma migrate` run) take turns. A migration that fails is rolled back and
 * recorded as failed with its error in `logs`, as Prisma records it: the next start refuses
 * and says how to resolve it.
 */
async function applyPending(client: pg.Client, migrations: MigrationFile[]): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
  try {
    // Another instance may have migrated while this one waited for the lock.
    const status = await migrationStatus(client, migrations);
    if (status.problems.length > 0) throw new MigrationError(status.problems.join('\n'));
    await client.query(CREATE_MIGRATIONS_TABLE);
    for (const name of status.pending) {
      const migration = migrations.find((m) => m.name === name)!;
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await recordMigration(client, migration, true);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        const reason = error instanceof Error ? error.message : String(error);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at) VALUES ($1, $2, $3, $4, clock_timestamp())`,
          [crypto.randomUUID(), migration.checksum, migration.name, reason],
        );
        throw new MigrationError(`Migration ${migration.name} failed, nothing of it was applied: ${reason}`, { cause: error });
      }
    }
    return status.pending;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
  }
}

/**
 * Brings the database to the migration folders: nothing to do costs one query; a failed or
 * edited migration stops with a MigrationError telling the operator what to do. Resolves
 * with the names applied.
 */
export async function applyMigrations(databaseUrl: string, migrations = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const status = await migrationStatus(client, migrations);
    // An unfinished row may be another instance migrating right now: applyPending waits for its lock and looks again.
    if (status.problems.length === 0 && status.pending.length === 0) return [];
    return await applyPending(client, migrations);
  } finally {
    await client.end();
  }
}
