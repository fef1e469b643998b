// Two server processes on one PostgreSQL behave as one (issue 10): failed logins spread over
// both reach the limit as if there were one, a panel session made on one works on the other,
// and the limits survive a restart. Real processes (`npm start`), real database server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../scripts/start-command.ts';
import { TEST_PASSWORD, createUser } from './test/actors.ts';
import { createTestContext, type TestContext } from './test/context.ts';
import { startServerProcess, type StartedServer } from './test/processes.ts';

// PGlite is an in-process database: two server processes cannot share one. The test runs
// against a real server (TEST_DATABASE_URL), as the whole suite does in CI.
describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one database (skipped on PGlite: one process only)', () => {
  let ctx: TestContext;
  let staffEmail: string;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-two-'));
  const running: StartedServer[] = [];

  const start = async () => {
    const server = await startServerProcess({
      DATABASE_URL: ctx.database.url,
      DATA_DIR: dataDir,
      SECRET_KEY: 'shared-secret-key-of-the-two-test-servers',
      LOGIN_FAILURES_PER_CLIENT: '4',
      LOG_LEVEL: 'warn',
      MAILS_ENABLED: 'false',
    });
    running.push(server);
    return server;
  };
  const stop = async (server: StartedServer) => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  };
  const getToken = (server: StartedServer, password: string) =>
    fetch(`${server.url}/api/auth/get-token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: staffEmail, password }),
    });

  beforeAll(async () => {
    buildServer();
    ctx = await createTestContext();
    staffEmail = (await createUser(ctx.db.prisma, { isStaff: true, isSuperuser: true })).email;
  }, 180_000);
  afterAll(async () => {
    for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await ctx?.database.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('shares failed-login limits and sessions, and keeps the limits across a restart', async () => {
    const [one, two] = await Promise.all([start(), start()]);

    // A panel session made on one process is valid on the other.
    const login = await fetch(`${one.url}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: staffEmail, password: TEST_PASSWORD }),
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    expect(cookie).toMatch(/oser_admin=/);
    const elsewhere = await fetch(`${two.url}/`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(elsewhere.status).toBe(200);
    expect(await elsewhere.text()).toContain('<html');

    // Four failures from this client, two on each process: the limit of one process.
    for (const server of [one, two, one, two]) expect((await getToken(server, 'wrong-password')).status).toBe(400);
    for (const server of [one, two]) {
      const refused = await getToken(server, TEST_PASSWORD);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }

    // Both stopped, a new one started: the counters are still there.
    await Promise.all([stop(one), stop(two)]);
    const restarted = await start();
    expect((await getToken(restarted, TEST_PASSWORD)).status).toBe(429);
    const session = await fetch(`${restarted.url}/`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(session.status).toBe(200);
    await stop(restarted);
  }, 300_000);
});
