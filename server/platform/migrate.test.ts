// The committed migrations, applied from empty by Prisma's own migrate, give exactly the
// schema of prisma/schema.prisma (compared with Prisma's own from-empty script).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, type EmptyDatabase } from '../test/database.ts';
import { applyMigrations, deployMigrations } from './migrate.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

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

// Asynchronous: the embedded database answering the CLI lives in this very process.
async function prismaFromEmptyScript(url: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      prismaCli,
      'migrate',
      'diff',
      '--config',
      'prisma/prisma.config.ts',
      '--from-empty',
      '--to-schema-datamodel',
      'prisma/schema.prisma',
      '--script',
    ],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 },
  );
  return stdout;
}

let migrated: EmptyDatabase;
let fromSchema: EmptyDatabase;
beforeAll(async () => {
  [migrated, fromSchema] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
});
afterAll(async () => {
  await Promise.all([migrated?.destroy(), fromSchema?.destroy()]);
});

describe('migrations', () => {
  it('apply from an empty database with prisma migrate deploy, and a second run has nothing to do', async () => {
    const folders = fs
      .readdirSync(path.join(projectRoot, 'prisma/migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory());
    const names = folders.map((entry) => entry.name).sort();
    expect(names.slice(0, 2)).toEqual(['20180526100000_django_baseline', '20261125000000_oser_server']);
    expect(await applyMigrations(migrated.url)).toEqual(names);
    expect(await applyMigrations(migrated.url)).toEqual([]);
    // Prisma agrees: the history is exactly as its own deploy wrote it.
    expect(await deployMigrations(migrated.url)).toMatch(/No pending migrations to apply/);
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
});
