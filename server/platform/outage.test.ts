// Database outages under load: a real PostgreSQL of the test's own is stopped and started
// again while readers and writers keep calling; every answer is a success or a 503 with
// Retry-After (never a 500), the server recovers by itself, no sign-up is half-written, and
// the log holds one warning when the outage starts and one when it ends.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createAdminRouter } from '../../admin/index.ts';
import { connectDatabase, type Database } from './db.ts';
import { readMigrations } from './migrate.ts';
import { createStorage } from './storage.ts';
import { UNAVAILABLE_DETAIL } from './outage.ts';
import type { AppContext } from './context.ts';
import { testConfig } from '../test/context.ts';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from '../test/private-postgres.ts';
import { createSchools, signUpBody } from '../test/register-factories.ts';
import { createUser, TEST_PASSWORD } from '../test/actors.ts';

const unavailable = privatePostgresUnavailable();

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(unavailable)(`a PostgreSQL restart under load${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let postgres: PrivatePostgres;
  let db: Database;
  let server: http.Server;
  let url: string;
  const log = capturedLogger();

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    // The migrations' SQL, as `prisma migrate deploy` runs it (the history table is not needed here).
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    for (const migration of readMigrations()) await client.query(migration.sql);
    await client.end();
    db = connectDatabase(postgres.url, { poolSize: 4 });
    await createSchools(db.prisma);
    await createUser(db.prisma, { email: 'staff@example.org', isStaff: true, isSuperuser: true });
    const config = testConfig({ REGISTRATIONS_PER_IP: '0', LOGIN_FAILURES_PER_IP: '0', LOGIN_FAILURES_PER_ACCOUNT: '0' });
    const ctx: AppContext = { config, db, logger: log.logger, storage: createStorage(config) };
    server = http.createServer(createApp(ctx, await createAdminRouter(ctx)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 240_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
    await postgres?.destroy();
  });

  it('answers 503 with Retry-After during the outage, never 500, recovers, and writes nothing by halves', async () => {
    // A panel session opened before the outage.
    const agent = request.agent(url);
    const login = await agent.post('/login').type('form').send({ email: 'staff@example.org', password: TEST_PASSWORD });
    expect(login.status).toBe(302);

    const answers: { status: number; at: number; retryAfter?: string; body: unknown }[] = [];
    const signUps: { email: string; status: number }[] = [];
    let running = true;
    const reader = async () => {
      while (running) {
        const response = await request(url).get('/api/schools/choices/');
        answers.push({ status: response.status, at: Date.now(), retryAfter: response.headers['retry-after'], body: response.body });
      }
    };
    const writer = async () => {
      while (running) {
        const body = signUpBody();
        const response = await request(url).post('/api/registrations/').send(body);
        signUps.push({ email: body.email, status: response.status });
        answers.push({ status: response.status, at: Date.now(), retryAfter: response.headers['retry-after'], body: response.body });
      }
    };
    const load = Promise.all([reader(), reader(), reader(), writer(), writer()]);
    await sleep(1500);
    await postgres.stop();
    const stopped = Date.now();
    await sleep(1500);
    // The panel, logged in, during the outage: a French page, not a stack.
    const panel = await agent.get('/').set('Accept', 'text/html');
    await postgres.start();
    const restarted = Date.now();
    // Keep loading until the server has answered successfully for a while after the restart.
    while (answers.filter((a) => a.at > restarted && a.status < 400).length < 20 && Date.now() - restarted < 60_000) await sleep(200);
    running = false;
    await load;
    // The monitor's probe (every second) may notice the recovery after the requests do.
    const recovered = () => log.lines.some((line) => line.msg === 'database reachable again: outage over');
    for (const deadline = Date.now() + 30_000; !recovered() && Date.now() < deadline;) await sleep(200);

    expect(panel.status).toBe(503);
    expect(panel.headers['content-type']).toMatch(/^text\/html/);
    expect(panel.text).toContain('Service temporairement indisponible');
    expect(panel.text).not.toMatch(/at .*\.(ts|js):\d+/);

    const statuses = new Set(answers.map((a) => a.status));
    expect([...statuses].filter((status) => ![200, 201, 503].includes(status))).toEqual([]);
    const refused = answers.filter((a) => a.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.body).toEqual({ detail: UNAVAILABLE_DETAIL });
    }
    // Recovered by itself: successes again after the restart (and none refused near the end).
    expect(answers.filter((a) => a.at > restarted && a.status < 400).length).toBeGreaterThanOrEqual(20);
    expect(answers.slice(-10).every((a) => a.status < 400)).toBe(true);
    expect(answers.some((a) => a.at > stopped && a.at < restarted && a.status === 503)).toBe(true);

    // Every sign-up is whole or absent: user, student, registration, address and contact together.
    const rows = await db.query<{ email: string; student: boolean; registration: boolean; address: boolean; contact: boolean }>(
      `SELECT u.email, s.id IS NOT NULL AS student, r.id IS NOT NULL AS registration,
              r.address_id IS NOT NULL AS address, r.emergency_contact_id IS NOT NULL AS contact
       FROM users_user u LEFT JOIN profiles_student s ON s.user_id = u.id LEFT JOIN register_registration r ON r.id = s.registration_id
       WHERE u.email LIKE 'lyceen%'`,
    );
    for (const row of rows) expect(row).toMatchObject({ student: true, registration: true, address: true, contact: true });
    const orphans = await db.query<{ count: number }>(
      `SELECT (SELECT count(*) FROM register_registration)::int - (SELECT count(*) FROM profiles_student WHERE registration_id IS NOT NULL)::int AS count`,
    );
    expect(orphans[0]!.count).toBe(0);
    // Those answered 201 are all there.
    const created = new Set(rows.map((row) => row.email));
    for (const signUp of signUps.filter((s) => s.status === 201)) expect(created.has(signUp.email.toLowerCase())).toBe(true);

    // One warning when it started, one when it ended; no error-level line.
    const warnings = log.lines.filter((line) => line.level === 40).map((line) => line.msg);
    expect(warnings).toEqual(['database unreachable: answering 503 until it is back', 'database reachable again: outage over']);
    expect(log.lines.filter((line) => line.level >= 50)).toEqual([]);
    // No connection was lost to the pool: every client the outage broke was released.
    expect({ checkedOut: db.pool.totalCount - db.pool.idleCount, waiting: db.pool.waitingCount }).toEqual({ checkedOut: 0, waiting: 0 });
  }, 180_000);
});

describe('a database that accepts connections but never answers', () => {
  it('answers 503 once the pool gives up waiting (5 s), not 500 and not never', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const db = connectDatabase(`postgresql://postgres@127.0.0.1:${port}/nothing`, { poolSize: 1 });
    const config = testConfig();
    const log = capturedLogger();
    try {
      const app = createApp({ config, db, logger: log.logger, storage: createStorage(config) });
      const response = await request(app).get('/api/schools/choices/');
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.body).toEqual({ detail: UNAVAILABLE_DETAIL });
      expect(log.lines.filter((line) => line.level >= 50)).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await db.close().catch(() => {});
      silent.close();
    }
  }, 30_000);
});
