// The takeover of the fixture made by the original Django code (shared/fixtures):
// dry run, takeover, end state equal to a database made by `prisma migrate deploy`,
// second run, old passwords, --drop-legacy.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectDatabase } from '../platform/db.ts';
import { prismaMigrateDeploy } from '../test/prisma-cli.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { checkCredentials } from '../users/service.ts';
import { readFingerprint, type SchemaFingerprint } from './fingerprint.ts';
import { LEGACY_TABLES } from './recognise.ts';
import { formatReport } from './report.ts';
import { runTakeover } from './service.ts';
import { FIXTURE_ACCOUNTS, loadDump, pgDump, readFixture, snapshot } from '../test/legacy-dump.ts';
import { createEmptyDatabase, withClient, type EmptyDatabase } from '../test/database.ts';

// Whole databases are loaded, migrated and served: slow on a busy machine with PGlite.
vi.setConfig({ testTimeout: 120_000 });

let reference: TestContext;
let scratch: EmptyDatabase;

beforeAll(async () => {
  reference = await createTestContext();
  scratch = await createEmptyDatabase();
  await loadDump(scratch.url, readFixture());
});

afterAll(async () => {
  await scratch?.destroy();
  await reference?.database.destroy();
});

const query = (sql: string, params: unknown[] = []) => withClient(scratch.url, async (client) => (await client.query(sql, params)).rows);

/** The fingerprint without the tables a fresh database does not have. */
function withoutTables(fingerprint: SchemaFingerprint, tables: string[]): SchemaFingerprint {
  const kept = Object.entries(fingerprint.tables).filter(([name]) => !tables.includes(name));
  const sequences = Object.entries(fingerprint.sequences).filter(([, owner]) => !tables.some((t) => owner.includes(` ${t}.`)));
  return { tables: Object.fromEntries(kept), sequences: Object.fromEntries(sequences) };
}

describe('db:takeover of the database made by the original Django backend', () => {
  it('dry run: reports every check and the plan, and changes no byte', async () => {
    const before = await snapshot(scratch.url);
    const dumpBefore = scratch.kind === 'postgres' ? pgDump(scratch.url) : '';

    const result = await runTakeover({ databaseUrl: scratch.url, dryRun: true });

    expect(result.outcome).toBe('dry-run');
    expect(result.recognition.kind).toBe('django');
    expect(result.recognition.schemaProblems).toEqual([]);
    const report = formatReport(result);
    expect(report).toContain('[ok] Emails equal but for case');
    expect(report).toContain('delete user id 1');
    expect(report).toContain('tutor 1 on visit 1: keep row 1, delete rows 3');
    expect(report).toContain('school "0921399n" becomes "0921399N"');
    expect(report).toContain('3 row(s) of profiles_student.school_id follow');
    expect(report).toContain('apply migration 20261125000000_oser_server');
    expect(report).toContain('Dry run: nothing was changed');
    expect(await snapshot(scratch.url)).toBe(before);
    if (scratch.kind === 'postgres') expect(pgDump(scratch.url)).toBe(dumpBefore);
  });

  it('takes over: applies the fixes, keeps every other value as stored', async () => {
    const progress: string[] = [];
    const result = await runTakeover({ databaseUrl: scratch.url, progress: (line) => progress.push(line) });

    expect(result.outcome, formatReport(result)).toBe('taken-over');
    expect(progress).toContain('  users_user: 14 row(s)');
    expect(await query(`SELECT id FROM users_user WHERE email = 'AnonymousUser'`)).toEqual([]);
    expect(await query(`SELECT user_id FROM authtoken_token ORDER BY user_id`)).toEqual([{ user_id: 4 }, { user_id: 8 }]);
    expect(await query(`SELECT id, tutor_id, visit_id FROM visits_visitorganizer ORDER BY id`)).toEqual([
      { id: 1, tutor_id: 1, visit_id: 1 },
      { id: 2, tutor_id: 2, visit_id: 1 },
      { id: 4, tutor_id: 2, visit_id: 2 },
      { id: 5, tutor_id: 3, visit_id: 3 },
      { id: 6, tutor_id: 4, visit_id: 3 },
    ]);
    expect(await query(`SELECT uai_code FROM tutoring_school ORDER BY uai_code`)).toEqual([
      { uai_code: '0911251J' },
      { uai_code: '0921399N' },
      { uai_code: '0930965U' },
    ]);
    expect(await query(`SELECT id, school_id FROM profiles_student WHERE school_id LIKE '0921399%' ORDER BY id`)).toEqual([
      { id: 2, school_id: '0921399N' },
      { id: 3, school_id: '0921399N' },
      { id: 6, school_id: '0921399N' },
    ]);
    expect(await query(`SELECT school_id FROM tutoring_tutoringgroup WHERE id = 2`)).toEqual([{ school_id: '0921399N' }]);
    expect(await query(`SELECT id, school_id FROM register_registration WHERE school_id LIKE '0921399%' ORDER BY id`)).toEqual([
      { id: 2, school_id: '0921399N' },
      { id: 3, school_id: '0921399N' },
    ]);
    // Emails as stored (the API returns the old values); file keys untouched.
    expect(await query(`SELECT email FROM users_user WHERE id IN (6, 9) ORDER BY id`)).toEqual([
      { email: 'Ines.Bernard@CentraleSupelec.FR' },
      { email: 'Emma.Petit@example.org' },
    ]);
    expect(await query(`SELECT id, image, fact_sheet, permission FROM visits_visit WHERE id = 2`)).toEqual([
      {
        id: 2,
        image: 'visits/images/visit-2_7TGFU5Y.jpg',
        fact_sheet: 'visits/fact_sheets/visit-factsheet.pdf',
        permission: 'visits/visit_permissions/visit-permission.pdf',
      },
    ]);
    // Sequences continue after the old rows.
    expect(await query(`SELECT nextval('users_user_id_seq')::int AS id`)).toEqual([{ id: 15 }]);
  });

  it('ends with the schema of a database created by prisma migrate deploy (legacy tables aside)', async () => {
    const fresh = await withClient(reference.database.url, (client) => readFingerprint(client));
    const taken = await withClient(scratch.url, (client) => readFingerprint(client));
    const extra = Object.keys(taken.tables)
      .filter((name) => !fresh.tables[name])
      .sort();
    expect(extra).toEqual([...LEGACY_TABLES, 'django_migrations'].sort());
    expect(withoutTables(taken, extra)).toEqual(fresh);
  });

  it('a second run has nothing to do, and prisma migrate deploy finds nothing to apply', async () => {
    const before = await snapshot(scratch.url);
    const result = await runTakeover({ databaseUrl: scratch.url });
    expect(result.outcome).toBe('nothing-to-do');
    expect(formatReport(result)).toContain('Nothing to do');
    expect(await snapshot(scratch.url)).toBe(before);
    expect(await prismaMigrateDeploy(scratch.url)).toMatch(/No pending migrations to apply/);
  });

  it('every account logs in with its old password, upgraded to argon2id; unusable hashes never', async () => {
    const db = connectDatabase(scratch.url, { poolSize: 2 });
    try {
      for (const account of FIXTURE_ACCOUNTS) {
        const user = await checkCredentials(db.prisma, account.email, account.password ?? '');
        expect(user?.id ?? null, account.email).toBe(account.password && account.active ? account.id : null);
      }
      const hashes = await query(`SELECT id, password FROM users_user ORDER BY id`);
      for (const { id, password } of hashes as { id: number; password: string }[]) {
        const account = FIXTURE_ACCOUNTS.find((a) => a.id === id)!;
        if (account.password && account.active) expect(password, account.email).toMatch(/^\$argon2id\$/);
        else expect(password, account.email).not.toMatch(/^\$argon2/);
      }
      // The upgraded hash still opens the account, and a wrong password does not.
      expect((await checkCredentials(db.prisma, 'paul.durand@student.ecp.fr', 'tutor-legacy-5678'))?.id).toBe(7);
      expect(await checkCredentials(db.prisma, 'paul.durand@student.ecp.fr', 'oser-pass-1234')).toBeNull();
    } finally {
      await db.close();
    }
  });

  it('deleting a user takes their legacy API token with them, as Django did', async () => {
    await query(`DELETE FROM users_user WHERE id = 8`);
    expect(await query(`SELECT user_id FROM authtoken_token ORDER BY user_id`)).toEqual([{ user_id: 4 }]);
  });

  it('--drop-legacy then drops only the legacy tables', async () => {
    const result = await runTakeover({ databaseUrl: scratch.url, dropLegacy: true });
    expect(result.outcome).toBe('legacy-dropped');
    const fresh = await withClient(reference.database.url, (client) => readFingerprint(client));
    const taken = await withClient(scratch.url, (client) => readFingerprint(client));
    expect(Object.keys(taken.tables).filter((name) => !fresh.tables[name])).toEqual(['django_migrations']);
    // The apps' content types and permissions went with them: the catalogue is a fresh database's.
    const catalogue = `SELECT ct.app_label, ct.model, p.codename FROM auth_permission p
      JOIN django_content_type ct ON ct.id = p.content_type_id ORDER BY 1, 2, 3`;
    const freshCatalogue = await withClient(reference.database.url, async (client) => (await client.query(catalogue)).rows);
    expect(await query(catalogue)).toEqual(freshCatalogue);
    // Groups keep their permissions (group 1 « Secteur sorties »: 16).
    expect(await query(`SELECT count(*)::int AS n FROM auth_group_permissions WHERE group_id = 1`)).toEqual([{ n: 16 }]);
    expect((await runTakeover({ databaseUrl: scratch.url, dropLegacy: true })).outcome).toBe('nothing-to-do');
  });
});
