// npm run db:backup / db:restore on the embedded database, as an operator runs them: a backup
// taken while the server runs restores to a server that answers the same on every list route;
// a backup taken during writes is consistent (and loads into PostgreSQL with psql).
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './start-command.ts';
import { runScript, startServerProcess, type StartedServer } from '../server/test/processes.ts';
import { signUpBody } from '../server/test/register-factories.ts';

const LIST_ROUTES = ['users', 'tutors', 'students', 'schools', 'groups', 'sessions', 'registrations', 'visits', 'places', 'documents'];
const STAFF = { username: 'martin.bond@example.com', password: 'test1234' }; // demo data (populatedb)

const folders: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-backup-'));
  folders.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

const embedded = (dataDir: string) => ({ DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info', REGISTRATIONS_PER_IP: '0' });

async function stop(server: StartedServer) {
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
}

/** Every list route's status and body, as the demo staff member sees them. */
async function listAnswers(url: string) {
  const login = await fetch(`${url}/api/auth/get-token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(STAFF),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const answers: Record<string, { status: number; body: unknown }> = {};
  for (const route of LIST_ROUTES) {
    const response = await fetch(`${url}/api/${route}/`, { headers: { Authorization: `Token ${token}` } });
    // Absolute URLs carry the server's port, which differs between the two servers.
    answers[route] = { status: response.status, body: JSON.parse((await response.text()).replaceAll(url, 'http://server')) };
  }
  return answers;
}

describe('backups of the embedded database', () => {
  let dataDir: string;
  beforeAll(async () => {
    buildServer();
    dataDir = tempDir();
    const populated = await runScript('scripts/populatedb.ts', embedded(dataDir));
    expect(populated.code, populated.stderr).toBe(0);
  }, 300_000);

  it('backs up while the server runs, restores into an empty folder, and the API answers the same', async () => {
    const server = await startServerProcess(embedded(dataDir));
    let before;
    const file = path.join(tempDir(), 'backup.sql');
    try {
      before = await listAnswers(server.url);
      const backup = await runScript('scripts/db-backup.ts', embedded(dataDir), [file]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`Backup written to ${file}`);
    } finally {
      await stop(server);
    }
    expect(before.visits!.status).toBe(200);
    expect((before.visits!.body as unknown[]).length).toBeGreaterThan(0);

    const restoredDir = tempDir();
    const restore = await runScript('scripts/db-restore.ts', embedded(restoredDir), [file]);
    expect(restore.code, restore.stderr).toBe(0);
    const restored = await startServerProcess(embedded(restoredDir));
    try {
      expect(await listAnswers(restored.url)).toEqual(before);
      expect(restored.output()).not.toMatch(/database migrations applied/);
    } finally {
      await stop(restored);
    }

    // Never over an existing database.
    const again = await runScript('scripts/db-restore.ts', embedded(restoredDir), [file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty');
  }, 300_000);

  it('takes a consistent backup during writes: every sign-up whole or absent, sequences ahead of their rows', async () => {
    const server = await startServerProcess(embedded(dataDir));
    const file = path.join(tempDir(), 'during-writes.sql');
    let writing = true;
    let created = 0;
    let unavailable = 0;
    const refused: string[] = [];
    const writer = async () => {
      while (writing) {
        const response = await fetch(`${server.url}/api/registrations/`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(signUpBody({ email: `backup-${crypto.randomUUID()}@example.org`, school: null })),
        });
        if (response.status === 201) created += 1;
        // While the copy is taken, a write may wait too long: 503 with Retry-After, never a 500.
        else if (response.status === 503 && response.headers.get('retry-after')) unavailable += 1;
        else refused.push(`${response.status} ${await response.text()}`);
      }
    };
    try {
      const writers = Promise.all([writer(), writer()]);
      // Bounded: a server that only ever answers 503 fails here with the counts, not at the test's timeout.
      const deadline = Date.now() + 120_000;
      while (created < 3 && refused.length === 0) {
        if (Date.now() > deadline) throw new Error(`no 3 sign-ups in 120 s: ${created} created, ${unavailable} answers 503`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const backup = await runScript('scripts/db-backup.ts', embedded(dataDir), [file]);
      writing = false;
      await writers;
      expect(refused).toEqual([]);
      expect(backup.code, backup.stderr).toBe(0);
    } finally {
      writing = false;
      await stop(server);
    }

    const dump = fs.readFileSync(file, 'utf8');
    const db = await PGlite.create();
    try {
      await db.exec(dump);
      await db.exec('SET search_path TO public');
      const incomplete = await db.query(`
        SELECT r.email FROM register_registration r
        LEFT JOIN profiles_student s ON s.registration_id = r.id LEFT JOIN users_user u ON u.id = s.user_id
        WHERE r.email LIKE 'backup-%' AND (u.id IS NULL OR r.address_id IS NULL OR r.emergency_contact_id IS NULL)`);
      expect(incomplete.rows).toEqual([]);
      const copied = await db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM register_registration WHERE email LIKE 'backup-%'`,
      );
      expect(copied.rows[0]!.count).toBeGreaterThanOrEqual(3);
      // A restored server must not hand out ids that exist.
      const sequences = await db.query<{ ahead: boolean }>(
        `SELECT (SELECT last_value FROM users_user_id_seq) >= (SELECT max(id) FROM users_user) AS ahead`,
      );
      expect(sequences.rows[0]!.ahead).toBe(true);
    } finally {
      await db.close();
    }
  }, 300_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'writes a dump that psql loads into PostgreSQL 15 without an error (needs TEST_DATABASE_URL)',
    async () => {
      const file = path.join(tempDir(), 'for-psql.sql');
      const backup = await runScript('scripts/db-backup.ts', embedded(dataDir), [file]);
      expect(backup.code, backup.stderr).toBe(0);
      const name = `oser_test_restore_${crypto.randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      try {
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.pathname = `/${name}`;
        await promisify(execFile)('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url.toString(), '-f', file]);
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        const { rows } = await client.query('SELECT count(*)::int AS count FROM visits_visit');
        await client.end();
        expect(rows[0].count).toBeGreaterThan(0);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
    120_000,
  );
});

describe('db:backup and db:restore with DATABASE_URL', () => {
  it('point to pg_dump and psql/pg_restore, and exit 1', async () => {
    for (const [script, args] of [
      ['scripts/db-backup.ts', []],
      ['scripts/db-restore.ts', ['backup.sql']],
    ] as const) {
      const result = await runScript(script, { DATABASE_URL: 'postgresql://postgres@127.0.0.1:9/nothing' }, [...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('pg_dump');
      expect(result.stderr).toContain('pg_restore');
    }
  }, 60_000);
});
