// End to end: the fixture made by the original Django code, taken over, then the whole
// server started on it as `npm start` does (DATABASE_URL, migrate deploy, API, admin):
// old accounts log in with their old passwords, the API and the panel list the old rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../server.ts';
import { testConfig } from '../test/context.ts';
import { formatReport } from './report.ts';
import { runTakeover } from './service.ts';
import { FIXTURE_ACCOUNTS, loadDump, readFixture } from '../test/legacy-dump.ts';
import { createEmptyDatabase, withClient, type EmptyDatabase } from '../test/database.ts';

// Whole databases are loaded, migrated and served: slow on a busy machine with PGlite.
vi.setConfig({ testTimeout: 120_000 });

type Row = Record<string, unknown>;

let scratch: EmptyDatabase;
let server: RunningServer;
let dataDir: string;
/** table → rows of the fixture as the Django backend left them, read before the takeover. */
const fixtureRows: Record<string, Row[]> = {};

/** API list routes (participations has none: docs/api.md#routes-and-permissions) → fixture table and the key the API identifies rows by. */
const LIST_ROUTES = [
  ['users', 'users_user', 'id'],
  ['tutors', 'profiles_tutor', 'id'],
  ['students', 'profiles_student', 'id'],
  ['schools', 'tutoring_school', 'uai_code'],
  ['groups', 'tutoring_tutoringgroup', 'id'],
  ['sessions', 'tutoring_tutoringsession', 'id'],
  ['registrations', 'register_registration', 'id'],
  ['visits', 'visits_visit', 'id'],
  ['places', 'visits_place', 'id'],
  ['documents', 'core_document', 'slug'],
] as const;

beforeAll(async () => {
  scratch = await createEmptyDatabase();
  await loadDump(scratch.url, readFixture());
  await withClient(scratch.url, async (client) => {
    for (const [, table] of LIST_ROUTES) {
      fixtureRows[table] = (await client.query(`SELECT * FROM ${table} ORDER BY 1`)).rows as Row[];
    }
  });
  const result = await runTakeover({ databaseUrl: scratch.url });
  if (result.outcome !== 'taken-over') throw new Error(formatReport(result));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-takeover-'));
  server = await startServer(
    testConfig({ DATABASE_URL: scratch.url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_POOL_SIZE: '4' }),
  );
});

afterAll(async () => {
  await server?.close();
  await scratch?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function getToken(email: string, password: string) {
  return request(server.url).post('/api/auth/get-token/').send({ username: email, password });
}

/** The keys of the rows the Django backend served, with the takeover's fixes, sorted. */
function expectedKeys(table: string, key: string): string[] {
  const rows = fixtureRows[table]!.filter((row) => table !== 'users_user' || row.email !== 'AnonymousUser');
  return sortKeys(rows.map((row) => (key === 'uai_code' ? String(row[key]).toUpperCase() : String(row[key]))));
}

/** Tutors and students have no `id` field (docs/api.md#tutors, #students): their key ends their `url`. */
function keyOf(item: Row, key: string): string {
  const value = item[key];
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return decodeURIComponent(String(item.url).split('/').at(-2) ?? '');
}

const sortKeys = (keys: string[]) => [...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

describe('the server started on a taken-over Django database', () => {
  it('logs every account of the fixture in with its old password; inactive and unusable ones never', async () => {
    for (const account of FIXTURE_ACCOUNTS) {
      const response = await getToken(account.email, account.password ?? 'oser-pass-1234');
      if (account.password && account.active) {
        expect(response.status, account.email).toBe(200);
        expect(response.body.user.id).toBe(account.id);
        expect(response.body.user.email).toBe(account.email);
      } else {
        expect(response.status, account.email).toBe(400);
      }
    }
    const hash = await withClient(
      scratch.url,
      async (client) => (await client.query(`SELECT password FROM users_user WHERE id = 7`)).rows[0],
    );
    expect(hash.password).toMatch(/^\$argon2id\$/);
  });

  it('every list route returns the fixture rows with the same ids and values', async () => {
    const { body } = await getToken('admin@oser-cs.fr', 'oser-pass-1234');
    let compared = 0;
    for (const [route, table, key] of LIST_ROUTES) {
      const response = await request(server.url).get(`/api/${route}/`).set('Authorization', `Token ${body.token}`);
      expect(response.status, route).toBe(200);
      const items = response.body as Row[];
      expect(sortKeys(items.map((item) => keyOf(item, key))), route).toEqual(expectedKeys(table, key));
      // Same values: every plain text or number field the API shares with the old column.
      for (const item of items) {
        const row = fixtureRows[table]!.find((r) => String(r[key]).toUpperCase() === keyOf(item, key).toUpperCase())!;
        for (const [field, value] of Object.entries(item)) {
          const old = row[field];
          if (['content', 'description', 'uai_code', 'school'].includes(field)) continue; // docs/api.md#schools, #documents
          const label = `${route} ${keyOf(item, key)} ${field}`;
          if (typeof old === 'string' && typeof value === 'string' && !/^(image|fact_sheet|permission)$/.test(field)) {
            expect(value, label).toBe(old);
            compared += 1;
          }
          if (typeof old === 'number' || typeof old === 'boolean') {
            expect(value, label).toBe(old);
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('serves the stored file keys of visits unchanged', async () => {
    const { body } = await getToken('admin@oser-cs.fr', 'oser-pass-1234');
    const response = await request(server.url).get('/api/visits/2/').set('Authorization', `Token ${body.token}`);
    expect(response.status).toBe(200);
    expect(response.body.image).toMatch(/visits\/images\/visit-2_7TGFU5Y\.jpg$/);
    expect(response.body.fact_sheet).toMatch(/visits\/fact_sheets\/visit-factsheet\.pdf$/);
    expect(response.body.permission).toMatch(/visits\/visit_permissions\/visit-permission\.pdf$/);
  });

  it('lets the old administrator into the panel, which lists the old rows', async () => {
    const agent = request.agent(server.url);
    const login = await agent.post('/login').type('form').send({ email: 'admin@oser-cs.fr', password: 'oser-pass-1234' });
    expect(login.status).toBe(302);
    for (const [resource, table] of [
      ['User', 'users_user'],
      ['Visit', 'visits_visit'],
      ['Registration', 'register_registration'],
    ] as const) {
      const list = await agent.get(`/api/resources/${resource}/actions/list?perPage=100`);
      expect(list.status, resource).toBe(200);
      const ids = (list.body.records as { id: string }[]).map((record) => String(record.id));
      expect(sortKeys(ids), resource).toEqual(expectedKeys(table, 'id'));
    }
  });
});
