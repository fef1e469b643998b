// What stops the takeover, and proof that a stop or a failure changes nothing: copies of
// the fixture with one problem each.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkColumnLengths, lengthLimits } from './lengths.ts';
import { formatReport } from './report.ts';
import { runTakeover } from './service.ts';
import { loadDump, pgDump, readFixture, snapshot } from '../test/legacy-dump.ts';
import { createEmptyDatabase, withClient, type EmptyDatabase } from '../test/database.ts';

// Whole databases are loaded, migrated and served: slow on a busy machine with PGlite.
vi.setConfig({ testTimeout: 120_000 });

const fixture = readFixture();
const created: EmptyDatabase[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((database) => database.destroy()));
});

/** A fresh copy of the fixture, changed by `sql`. */
async function fixtureWith(sql: string): Promise<EmptyDatabase> {
  const database = await createEmptyDatabase();
  created.push(database);
  await loadDump(database.url, fixture);
  if (sql) await withClient(database.url, (client) => client.query(sql));
  return database;
}

const query = (database: EmptyDatabase, sql: string) => withClient(database.url, async (client) => (await client.query(sql)).rows);

async function expectUnchangedBy(database: EmptyDatabase, work: () => Promise<void>): Promise<void> {
  const before = await snapshot(database.url);
  const dumpBefore = database.kind === 'postgres' ? pgDump(database.url) : '';
  await work();
  expect(await snapshot(database.url)).toBe(before);
  if (database.kind === 'postgres') expect(pgDump(database.url)).toBe(dumpBefore);
}

const CASE_DUPLICATE = `INSERT INTO users_user (id, password, is_superuser, first_name, last_name, email, is_staff, is_active, date_joined)
  VALUES (15, '!x', false, 'Charles', 'Dumont', 'Charles.Dumont@example.NET', false, true, now())`;

describe('db:takeover stops, with the rows concerned, when a person must decide', () => {
  it('two accounts whose emails differ only by case: blocked, nothing changed', async () => {
    const database = await fixtureWith(CASE_DUPLICATE);
    await expectUnchangedBy(database, async () => {
      const result = await runTakeover({ databaseUrl: database.url });
      expect(result.outcome).toBe('blocked');
      const report = formatReport(result);
      expect(report).toContain('[BLOCKING] Emails equal but for case');
      expect(report).toContain('id 8 "charles.dumont@example.net", id 15 "Charles.Dumont@example.NET"');
      expect(report).toContain('Stopped: these problems need a decision');
    });
  });

  it('a lower-case UAI code whose upper-case form exists: blocked', async () => {
    const database = await fixtureWith(`INSERT INTO tutoring_school (uai_code, name) VALUES ('0921399N', 'Doublon')`);
    const result = await runTakeover({ databaseUrl: database.url });
    expect(result.outcome).toBe('blocked');
    expect(formatReport(result)).toContain('school "0921399n" and school "0921399N" both exist');
  });

  it('an AnonymousUser row that owns data: blocked', async () => {
    const database = await fixtureWith(`INSERT INTO visits_participation (id, user_id, visit_id) VALUES (50, 1, 4)`);
    const result = await runTakeover({ databaseUrl: database.url });
    expect(result.outcome).toBe('blocked');
    expect(formatReport(result)).toContain('user id 1 owns 1 row(s) of visits_participation');
  });

  it('values longer than a column allows: blocked, rows named (generic check on the datamodel)', async () => {
    const limits = lengthLimits();
    expect(limits.find((limit) => limit.table === 'users_user')?.columns).toContainEqual({ column: 'first_name', max: 150 });
    const database = await fixtureWith('');
    const finding = await withClient(database.url, (client) =>
      checkColumnLengths(client, () => {}, new Set(['users_user']), [
        { table: 'users_user', primaryKey: 'id', columns: [{ column: 'first_name', max: 6 }] },
      ]),
    );
    expect(finding.status).toBe('blocking');
    expect(finding.details).toEqual([
      'users_user id 8: first_name has 7 characters, at most 6 fit: shorten it in the Django admin, then run again',
    ]);
  });
});

describe('db:takeover refuses what is not the Django database it knows', () => {
  it('a schema that differs from the baseline', async () => {
    const database = await fixtureWith(`ALTER TABLE visits_visit ADD COLUMN rating integer`);
    const result = await runTakeover({ databaseUrl: database.url });
    expect(result.outcome).toBe('refused');
    expect(result.reasons).toContain('column visits_visit.rating is not in the baseline');
  });

  it('an empty database, and one that Django did not create', async () => {
    const database = await createEmptyDatabase();
    created.push(database);
    expect((await runTakeover({ databaseUrl: database.url })).reasons[0]).toMatch(/empty/);
    await withClient(database.url, (client) => client.query('CREATE TABLE something (id int)'));
    expect((await runTakeover({ databaseUrl: database.url })).reasons[0]).toMatch(/no django_migrations table/);
  });
});

describe('db:takeover runs in one transaction', () => {
  it('a failure in the schema migration rolls back the fixes already made', async () => {
    // A table the project's migration creates already exists: it fails after the fixes ran.
    const database = await fixtureWith(`CREATE TABLE oser_mail_outbox (id int)`);
    await expectUnchangedBy(database, async () => {
      const result = await runTakeover({ databaseUrl: database.url });
      expect(result.outcome).toBe('failed');
      expect(result.reasons[0]).toMatch(/schema migration: migration 20261125000000_oser_server failed: .*already exists/);
      expect(formatReport(result)).toContain('Failed (nothing was changed)');
    });
  });
});

describe('db:takeover fixes', () => {
  it('duplicate memberships: keeps the first row, leader if any duplicate was', async () => {
    const database = await fixtureWith(
      `INSERT INTO tutoring_tutortutoringgroup (id, is_leader, tutoring_group_id, tutor_id) VALUES (40, true, 2, 2), (41, false, 2, 2)`,
    );
    const result = await runTakeover({ databaseUrl: database.url });
    expect(result.outcome, formatReport(result)).toBe('taken-over');
    expect(await query(database, `SELECT id, is_leader FROM tutoring_tutortutoringgroup WHERE tutor_id = 2 ORDER BY id`)).toEqual([
      { id: 2, is_leader: false },
      { id: 3, is_leader: true },
    ]);
  });

  it('a database made by Django 2.0 (auth_group.name varchar(80)) is widened', async () => {
    const database = await fixtureWith(`ALTER TABLE auth_group ALTER COLUMN name TYPE varchar(80)`);
    const result = await runTakeover({ databaseUrl: database.url });
    expect(result.outcome, formatReport(result)).toBe('taken-over');
    expect(formatReport(result)).toContain('auth_group.name is character varying(80) (older Django), will be widened');
    expect(
      await query(
        database,
        `SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'auth_group'::regclass AND attname = 'name'`,
      ),
    ).toEqual([{ type: 'character varying(150)' }]);
  });
});

describe('npm run db:takeover', () => {
  const script = path.resolve(import.meta.dirname, '../../scripts/db-takeover.ts');
  const tsx = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
  const run = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(tsx, [script, ...args], { env: { ...process.env, ...env } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it('prints the report and exits 2 when blocked; --help explains the options', async () => {
    const database = await fixtureWith(CASE_DUPLICATE);
    const blocked = await run(['--dry-run'], { DATABASE_URL: database.url });
    expect(blocked.code).toBe(2);
    expect(blocked.stdout).toContain('[BLOCKING] Emails equal but for case');
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--drop-legacy');
  });
});
