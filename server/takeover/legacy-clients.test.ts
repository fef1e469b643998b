// The switch from the Django backend, seen by its existing clients, on the fixture database
// taken over and served as `npm start` does: the student-visits route reads a user id as the
// original did, and the old DRF tokens keep their users logged in for a while.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { startServer, type RunningServer } from '../server.ts';
import { testConfig } from '../test/context.ts';
import { formatReport } from './report.ts';
import { runTakeover } from './service.ts';
import { loadDump, readFixture } from '../test/legacy-dump.ts';
import { createEmptyDatabase, withClient, type EmptyDatabase } from '../test/database.ts';

vi.setConfig({ testTimeout: 120_000 });

/** The fixture's legacy tokens (shared fixture README): Charles Dumont (user 8), Laure Leclerc (user 4). */
const CHARLES_TOKEN = '0123456789abcdef0123456789abcdef01234567';
const LAURE_TOKEN = 'fedcba9876543210fedcba9876543210fedcba98';
const PASSWORD = 'oser-pass-1234';

let scratch: EmptyDatabase;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  scratch = await createEmptyDatabase();
  await loadDump(scratch.url, readFixture());
  const result = await runTakeover({ databaseUrl: scratch.url });
  if (result.outcome !== 'taken-over') throw new Error(formatReport(result));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-legacy-'));
  server = await startServer(
    testConfig({ DATABASE_URL: scratch.url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_POOL_SIZE: '4' }),
  );
});

afterAll(async () => {
  await server?.close();
  await scratch?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const sql = (text: string, values: unknown[] = []) => withClient(scratch.url, async (client) => (await client.query(text, values)).rows);
const api = (url: string, token: string) => request(server.url).get(url).set('Authorization', `Token ${token}`);

async function login(email: string, password = PASSWORD): Promise<string> {
  const response = await request(server.url).post('/api/auth/get-token/').send({ username: email, password });
  expect(response.status, email).toBe(200);
  return response.body.token;
}

describe('GET /api/students/{id}/visits/ reads a user id, as the original and its client', () => {
  it("/api/students/8/visits/ answers Charles Dumont's (user 8) visits", async () => {
    const token = await login('charles.dumont@example.net');
    const response = await api('/api/students/8/visits/', token);
    expect(response.status).toBe(200);
    expect(response.body.map((visit: { id: number }) => visit.id)).toEqual([1, 2]);
    for (const visit of response.body) {
      expect(visit.participants.map((participant: { user: { id: number } }) => participant.user.id)).toContain(8);
    }
  });

  it('/api/students/1/visits/ (the AnonymousUser id) answers 404 after the takeover, as any unknown user', async () => {
    const token = await login('charles.dumont@example.net');
    expect((await api('/api/students/1/visits/', token)).status).toBe(404);
    expect((await api('/api/students/999/visits/', token)).status).toBe(404);
  });
});

describe('legacy DRF tokens after the takeover', () => {
  it('answers a legacy token as a JWT, with a fresh JWT in X-Token that works alone', async () => {
    const jwt = await login('charles.dumont@example.net');
    const legacy = await api('/api/users/8/', CHARLES_TOKEN);
    expect(legacy.status).toBe(200);
    expect(legacy.body).toEqual((await api('/api/users/8/', jwt)).body);
    expect(legacy.body.phone_number).not.toBeUndefined(); // own personal data: the caller is user 8

    const replacement = String(legacy.headers['x-token']);
    expect(replacement).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const switched = await api('/api/visits/', replacement);
    expect(switched.status).toBe(200);
    expect(switched.headers['x-token']).toBeUndefined(); // a JWT answer carries none
  });

  it('lets a browser read X-Token (CORS exposes it)', async () => {
    const response = await api('/api/visits/', CHARLES_TOKEN).set('Origin', 'http://localhost:4200');
    expect(response.status).toBe(200);
    expect(response.headers['access-control-expose-headers']).toMatch(/X-Token/i);
  });

  it('refuses unknown and malformed 40-character keys with 401', async () => {
    for (const key of ['0'.repeat(40), CHARLES_TOKEN.toUpperCase(), `${CHARLES_TOKEN.slice(0, 39)}g`, `${CHARLES_TOKEN}0`]) {
      const response = await api('/api/visits/', key);
      expect(response.status, key).toBe(401);
      expect(response.headers['x-token'], key).toBeUndefined();
    }
  });

  it('ends at LEGACY_TOKENS_UNTIL, or 90 days after the takeover recorded in the database', async () => {
    const expired = createApp({ ...server.ctx, config: { ...server.ctx.config, legacyTokensUntil: new Date(Date.now() - 1000) } });
    expect((await request(expired).get('/api/visits/').set('Authorization', `Token ${CHARLES_TOKEN}`)).status).toBe(401);
    const extended = createApp({ ...server.ctx, config: { ...server.ctx.config, legacyTokensUntil: new Date(Date.now() + 86_400_000) } });
    expect((await request(extended).get('/api/visits/').set('Authorization', `Token ${CHARLES_TOKEN}`)).status).toBe(200);

    const [takeover] = await sql(`SELECT finished_at FROM _prisma_migrations WHERE migration_name = '20180526100000_django_baseline'`);
    expect(Date.now() - new Date(takeover.finished_at).getTime()).toBeLessThan(3_600_000); // recorded when the takeover ran
    try {
      await sql(
        `UPDATE _prisma_migrations SET finished_at = now() - interval '91 days' WHERE migration_name = '20180526100000_django_baseline'`,
      );
      expect((await api('/api/visits/', CHARLES_TOKEN)).status).toBe(401);
      await sql(
        `UPDATE _prisma_migrations SET finished_at = now() - interval '89 days' WHERE migration_name = '20180526100000_django_baseline'`,
      );
      expect((await api('/api/visits/', CHARLES_TOKEN)).status).toBe(200);
    } finally {
      await sql(`UPDATE _prisma_migrations SET finished_at = $1 WHERE migration_name = '20180526100000_django_baseline'`, [
        takeover.finished_at,
      ]);
    }
  });

  it("stops when the user's password changes in the panel: the row is deleted", async () => {
    expect((await api('/api/visits/', LAURE_TOKEN)).status).toBe(200);
    const admin = request.agent(server.url);
    expect((await admin.post('/login').type('form').send({ email: 'admin@oser-cs.fr', password: PASSWORD })).status).toBe(302);
    // A plain edit (no new password) keeps the token.
    const rename = await admin.post('/api/resources/User/records/4/edit').field('firstName', 'Laure-Anne');
    expect(rename.body.record.errors).toEqual({});
    expect((await api('/api/visits/', LAURE_TOKEN)).status).toBe(200);

    const edit = await admin
      .post('/api/resources/User/records/4/edit')
      .field('newPassword', 'nouveau-mot-2027')
      .field('newPasswordConfirmation', 'nouveau-mot-2027');
    expect(edit.body.record.errors).toEqual({});
    expect((await api('/api/visits/', LAURE_TOKEN)).status).toBe(401);
    expect(await sql(`SELECT key FROM authtoken_token WHERE user_id = 4`)).toEqual([]);
  });

  it('stops when the user is deactivated in the panel, and does not come back with reactivation', async () => {
    const [{ count }] = await sql(`SELECT count(*)::int AS count FROM authtoken_token WHERE user_id = 8`);
    expect(count).toBe(1);
    const admin = request.agent(server.url);
    expect((await admin.post('/login').type('form').send({ email: 'admin@oser-cs.fr', password: PASSWORD })).status).toBe(302);
    expect((await admin.post('/api/resources/User/records/8/edit').field('isActive', 'false')).body.record.errors).toEqual({});
    expect((await api('/api/visits/', CHARLES_TOKEN)).status).toBe(401);
    expect(await sql(`SELECT key FROM authtoken_token WHERE user_id = 8`)).toEqual([]);
    expect((await admin.post('/api/resources/User/records/8/edit').field('isActive', 'true')).body.record.errors).toEqual({});
    expect((await api('/api/visits/', CHARLES_TOKEN)).status).toBe(401);
  });

  it('stops when a staff member changes their own password in the panel', async () => {
    const key = 'b'.repeat(40);
    await sql(`INSERT INTO authtoken_token (key, created, user_id) VALUES ($1, now(), 3)`, [key]);
    expect((await api('/api/visits/', key)).status).toBe(200);
    const staff = request.agent(server.url);
    expect((await staff.post('/login').type('form').send({ email: 'staff@oser-cs.fr', password: PASSWORD })).status).toBe(302);
    const changed = await staff
      .post('/account/password')
      .type('form')
      .send({ currentPassword: PASSWORD, newPassword: 'sorties-secretes-2027', confirmation: 'sorties-secretes-2027' });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect((await api('/api/visits/', key)).status).toBe(401);
    expect(await sql(`SELECT key FROM authtoken_token WHERE user_id = 3`)).toEqual([]);
  });

  it('ends at once with `db:takeover --drop-legacy`; JWTs keep working', async () => {
    await sql(`INSERT INTO authtoken_token (key, created, user_id) VALUES ($1, now(), 9)`, ['a'.repeat(40)]);
    expect((await api('/api/visits/', 'a'.repeat(40))).status).toBe(200);
    const jwt = await login('Emma.Petit@example.org');
    const result = await runTakeover({ databaseUrl: scratch.url, dropLegacy: true });
    expect(result.outcome, formatReport(result)).toBe('legacy-dropped');
    const refused = await api('/api/visits/', 'a'.repeat(40));
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ detail: 'Token non valide.' });
    expect((await api('/api/visits/', jwt)).status).toBe(200);
  });
});
