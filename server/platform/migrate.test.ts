// The committed migrations, applied from empty as the server applies them, give exactly the
// schema of prisma/schema.prisma (compared with Prisma's own from-empty script), and a history
// Prisma's own migrate deploy finds complete.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createEmptyDatabase, type EmptyDatabase } from '../test/database.ts';
import { runPrisma, prismaMigrateDeploy } from '../test/prisma-cli.ts';
import { withClient } from '../test/database.ts';
import { applyMigrations, MigrationError, readMigrations, type MigrationFile } from './migrate.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');

/** Columns, indexes and foreign keys of the public schema, names of sequences aside. */
async function schemaFingerprint(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(`
      SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,
             regexp_replace(coalesce(column_default, ''), 'nextval\\(.*\\)', 'nextval') AS column_default
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`);
    const indexes = await client.query(`
      SELECT tablename, regexp_replace(indexdef, 'INDEX \\S+ ON', 'INDEX ON') AS definition
      FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    const foreignKeys = await client.query(`
      SELECT conrelid::regclass::text AS table_name, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype = 'f'`);
    return [
      ...columns.rows.map((row) => `column ${Object.values(row).join('|')}`),
      ...indexes.rows.map((row) => `index ${row.tablename}|${row.definition}`),
      ...foreignKeys.rows.map((row) => `fk ${row.table_name}|${row.definition}`),
    ].sort();
  } finally {
    await client.end();
  }
}

/** Prisma's own from-empty script for prisma/schema.prisma. */
const prismaFromEmptyScript = async (url: string) =>
  (await runPrisma(['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'], url)).stdout;

let migrated: EmptyDatabase;
let fromSchema: EmptyDatabase;
beforeAll(async () => {
  [migrated, fromSchema] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
});
afterAll(async () => {
  await Promise.all([migrated?.destroy(), fromSchema?.destroy()]);
});

describe('migrations', () => {
  it('apply from an empty database, a second run has nothing to do, and prisma migrate deploy agrees', async () => {
    const folders = fs
      .readdirSync(path.join(projectRoot, 'prisma/migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory());
    const names = folders.map((entry) => entry.name).sort();
    expect(names.slice(0, 2)).toEqual(['20180526100000_django_baseline', '20261125000000_oser_server']);
    expect(await applyMigrations(migrated.url)).toEqual(names);
    expect(await applyMigrations(migrated.url)).toEqual([]);
    // Prisma agrees: the history is exactly as its own deploy wrote it.
    expect(await prismaMigrateDeploy(migrated.url)).toMatch(/No pending migrations to apply/);
    const client = new pg.Client({ connectionString: migrated.url });
    await client.connect();
    const applied = await client.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1');
    const permissions = await client.query('SELECT count(*)::int AS count FROM auth_permission');
    await client.end();
    expect(applied.rows.map((row) => row.migration_name)).toEqual(names);
    // add/change/delete/view for each of the 19 models, as Django's catalogue.
    expect(permissions.rows[0].count).toBe(76);
  }, 180_000);

  it('give the schema that prisma/schema.prisma describes', async () => {
    const script = await prismaFromEmptyScript(fromSchema.url);
    const client = new pg.Client({ connectionString: fromSchema.url });
    await client.connect();
    await client.query(script);
    await client.end();
    const expected = await schemaFingerprint(fromSchema.url);
    const actual = await schemaFingerprint(migrated.url);
    // The only index Prisma cannot express: case-insensitive unique emails (docs/api.md#authentication).
    const extra = actual.filter((line) => !expected.includes(line));
    expect(extra).toEqual(['index users_user|CREATE UNIQUE INDEX ON public.users_user USING btree (lower((email)::text))']);
    expect(expected.filter((line) => !actual.includes(line))).toEqual([]);
  }, 180_000);

  it('roll a failing migration back whole, record it as failed as Prisma does, and refuse the next start', async () => {
    const broken: MigrationFile = {
      name: '29990101000000_broken',
      sql: 'CREATE TABLE half_done (id int);\nSELECT 1 / 0;',
      checksum: 'f'.repeat(64),
    };
    const database = await createEmptyDatabase();
    try {
      const migrations = [...readMigrations(), broken];
      const failure = await applyMigrations(database.url, migrations).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as Error).message).toMatch(/29990101000000_broken failed, nothing of it was applied: division by zero/);
      const state = await withClient(database.url, async (client) => ({
        halfDone: (await client.query(`SELECT to_regclass('half_done') IS NOT NULL AS present`)).rows[0].present,
        row: (
          await client.query(
            `SELECT finished_at, rolled_back_at, applied_steps_count, logs FROM _prisma_migrations WHERE migration_name = $1`,
            [broken.name],
          )
        ).rows,
        applied: (await client.query('SELECT count(*)::int AS count FROM _prisma_migrations WHERE finished_at IS NOT NULL')).rows[0].count,
      }));
      expect(state).toEqual({
        halfDone: false,
        row: [{ finished_at: null, rolled_back_at: null, applied_steps_count: 0, logs: 'division by zero' }],
        applied: migrations.length - 1,
      });
      await expect(applyMigrations(database.url, migrations)).rejects.toThrow(
        `Migration ${broken.name} failed and was never completed: fix the database, then mark it with`,
      );
    } finally {
      await database.destroy();
    }
  }, 180_000);

  it.skipIf(inject('testDatabase').kind !== 'postgres')(
    'apply each migration once when several instances start together',
    async () => {
      const database = await createEmptyDatabase();
      try {
        const runs = await Promise.all([applyMigrations(database.url), applyMigrations(database.url), applyMigrations(database.url)]);
        expect(runs.flat().sort()).toEqual(readMigrations().map((m) => m.name));
        const rows = await withClient(database.url, (client) => client.query('SELECT migration_name FROM _prisma_migrations'));
        expect(rows.rows).toHaveLength(readMigrations().length);
      } finally {
        await database.destroy();
      }
    },
    180_000,
  );
});
