import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgliteTemplate, EmbeddedDatabaseBusy, pgliteTemplateIsCurrent, startEmbeddedPostgres } from './embedded-postgres.ts';
import { applyMigrations, readMigrations, type MigrationFile } from './migrate.ts';

const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oser-pglite-')), 'pglite');
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps committed data in its folder across a stop and a start', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it("keeps each connection's Parse/Bind/Execute/Sync together: no query gets another's statement or rows", async () => {
    const database = await startEmbeddedPostgres();
    const pool = new pg.Pool({ connectionString: database.url, max: 8 });
    try {
      // Statements of different shapes with parameters (Parse/Bind/Execute/Sync), and without
      // (a simple Query, which drops the session's unnamed statement), from eight connections at once.
      const expected = (index: number) =>
        [[{ text: `n${index}` }], [{ number: index, twice: index * 2 }], [{ plain: 'simple' }]][index % 3];
      // Meanwhile, transactions on connections of their own (a transaction holds the session).
      const transactions = Array.from({ length: 3 }, async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          for (let round = 0; round < 40; round += 1) {
            await client.query('BEGIN');
            await client.query('SELECT $1::int AS inside', [round]);
            await client.query('COMMIT');
          }
        } finally {
          await client.end();
        }
      });
      const answers = await Promise.all(
        Array.from({ length: 600 }, (_, index) =>
          [
            () => pool.query('SELECT $1::text AS text', [`n${index}`]),
            () => pool.query('SELECT $1::int AS number, $1::int * 2 AS twice', [index]),
            () => pool.query("SELECT 'simple' AS plain"),
          ][index % 3]!().then(
            ({ rows }) => rows as unknown,
            (error: Error) => error.message,
          ),
        ),
      );
      const wrong = answers.flatMap((rows, index) =>
        JSON.stringify(rows) === JSON.stringify(expected(index)) ? [] : [`${index}: ${JSON.stringify(rows)}`],
      );
      await Promise.all(transactions);
      expect(wrong).toEqual([]);
    } finally {
      await pool.end();
      await database.stop();
    }
  }, 60_000);

  it('keeps a small buffer pool (PGlite touches all of it at start)', async () => {
    const database = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(database.url, 'SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }]);
    } finally {
      await database.stop();
    }
  }, 120_000);

  it('refuses a second opener of the same folder while the first runs', async () => {
    const owner = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(EmbeddedDatabaseBusy);
    } finally {
      await owner.stop();
    }
    // Released at stop.
    const next = await startEmbeddedPostgres({ dataDir });
    await next.stop();
  }, 120_000);

  it('takes over the lock of a process that died', async () => {
    fs.writeFileSync(`${dataDir}.lock`, '999999999');
    const database = await startEmbeddedPostgres({ dataDir });
    await database.stop();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);

  describe('a new data folder', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-pglite-template-'));
    const templateDir = path.join(root, 'template');
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    /** What the template's own database holds in `marker` (null: no such table). */
    async function templateMarker(): Promise<string[] | null> {
      const db = await PGlite.create(path.join(templateDir, 'pgdata'));
      try {
        const exists = await db.query<{ t: string | null }>("SELECT to_regclass('marker')::text AS t");
        if (exists.rows[0]!.t === null) return null;
        return (await db.query<{ value: string }>('SELECT value FROM marker ORDER BY value')).rows.map((row) => row.value);
      } finally {
        await db.close();
      }
    }

    it('is a copy of the template (no initdb), which it leaves untouched', async () => {
      await createPgliteTemplate(templateDir);
      expect(pgliteTemplateIsCurrent(templateDir)).toBe(true);
      // Something only the template has, to tell a copy from an initdb.
      const template = await PGlite.create(path.join(templateDir, 'pgdata'));
      await template.exec('CREATE TABLE marker (value text)');
      await template.close();

      const newDir = path.join(root, 'new', 'pglite');
      fs.mkdirSync(`${newDir}.from-template`, { recursive: true }); // left by a start killed mid-copy
      fs.writeFileSync(path.join(`${newDir}.from-template`, 'half-copied'), '');
      const database = await startEmbeddedPostgres({ dataDir: newDir, templateDir });
      try {
        expect(database.dataFolder).toBe('copied from the template');
        await query(database.url, "INSERT INTO marker VALUES ('only in the copy')");
      } finally {
        await database.stop();
      }
      expect(fs.existsSync(`${newDir}.from-template`)).toBe(false);
      expect(await templateMarker()).toEqual([]);

      // The copy is the user's from then on: reopened, not copied again.
      const reopened = await startEmbeddedPostgres({ dataDir: newDir, templateDir });
      try {
        expect(reopened.dataFolder).toBe('opened');
        expect(await query(reopened.url, 'SELECT value FROM marker')).toEqual([{ value: 'only in the copy' }]);
      } finally {
        await reopened.stop();
      }
    }, 120_000);

    it('starts from the migrated copy when all of its migrations are among the next ones, unchanged', async () => {
      const migrations = readMigrations();
      expect(pgliteTemplateIsCurrent(templateDir, migrations)).toBe(true); // made by the test above
      const start = async (name: string, next: MigrationFile[]) => {
        const database = await startEmbeddedPostgres({ dataDir: path.join(root, name, 'pglite'), templateDir, migrations: next });
        try {
          return { dataFolder: database.dataFolder, applied: await applyMigrations(database.url, next) };
        } finally {
          await database.stop();
        }
      };
      // The build's migrations: nothing left to apply.
      expect(await start('migrated', migrations)).toEqual({ dataFolder: 'copied from the migrated template', applied: [] });
      // A migration newer than the build: only it is applied.
      const newer = { name: '29990101000000_newer', sql: 'CREATE TABLE newer (id int)', checksum: 'c'.repeat(64) };
      expect(pgliteTemplateIsCurrent(templateDir, [...migrations, newer])).toBe(false); // the next build remakes it
      expect(await start('newer', [...migrations, newer])).toEqual({
        dataFolder: 'copied from the migrated template',
        applied: [newer.name],
      });
      // A migration edited since the build: the migrated copy would refuse it, so the pristine one is taken and migrated.
      const edited = migrations.map((migration, index) => (index === 0 ? { ...migration, checksum: 'e'.repeat(64) } : migration));
      expect(await start('edited', edited)).toEqual({ dataFolder: 'copied from the template', applied: edited.map((m) => m.name) });
    }, 120_000);

    it('runs initdb when the template was made by another PGlite version', async () => {
      expect(fs.existsSync(path.join(templateDir, 'pgdata', 'PG_VERSION'))).toBe(true); // made by the test above
      fs.writeFileSync(path.join(templateDir, 'pglite-version'), '0.0.1\n');
      expect(pgliteTemplateIsCurrent(templateDir)).toBe(false);
      const database = await startEmbeddedPostgres({ dataDir: path.join(root, 'other', 'pglite'), templateDir });
      try {
        expect(database.dataFolder).toBe('initialised');
        expect(await query(database.url, "SELECT to_regclass('marker') AS t")).toEqual([{ t: null }]);
      } finally {
        await database.stop();
      }
    }, 120_000);
  });
});
