// Migrations at start: one query compares the migration folders with Prisma's history table
// (`_prisma_migrations`); when everything is applied, the start goes on at once. Otherwise
// Prisma's own `migrate deploy` (JS schema engine, see prisma/prisma.config.ts) applies the
// pending ones, so the table stays exactly as Prisma writes it and its tools keep working.
// Starting Prisma's CLI costs about 10 s on a small machine, hence the check first.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from './paths.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

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

/** Runs `prisma migrate deploy`; resolves with its output. */
export function deployMigrations(databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy', '--config', path.join(projectRoot, 'prisma/prisma.config.ts')], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}

/**
 * Brings the database to the migration folders: nothing to do costs one query; pending
 * migrations go through Prisma; a failed or edited one stops with a MigrationError telling
 * the operator what to do. Resolves with the names applied.
 */
export async function applyMigrations(databaseUrl: string, migrations = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let status: MigrationStatus;
  try {
    status = await migrationStatus(client, migrations);
    if (status.problems.length > 0) {
      // An unfinished row may be another instance migrating right now: wait for its lock, look again.
      await client.query('SELECT pg_advisory_lock($1), pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]);
      status = await migrationStatus(client, migrations);
    }
  } finally {
    await client.end();
  }
  if (status.problems.length > 0) throw new MigrationError(status.problems.join('\n'));
  if (status.pending.length === 0) return [];
  await deployMigrations(databaseUrl);
  return status.pending;
}
