// Every core, many instances (issue 14 §2), proven with the real thing: two `npm start`
// processes with WEB_CONCURRENCY=2 each on one real PostgreSQL and one SMTP server on
// loopback. A panel session opened on one instance is valid on the other; decisions queued
// through both are emailed exactly once; the media cleanup triggered on both runs once per
// schedule; killing an instance mid-burst loses no email; a dead worker is replaced and
// SIGTERM lets in-flight requests finish.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildServer } from '../scripts/start-command.ts';
import { createUser, TEST_PASSWORD } from './test/actors.ts';
import { createTestDatabase, type TestDatabase } from './test/database.ts';
import { startServerProcess, type StartedServer } from './test/processes.ts';
import { SmtpSink } from './test/smtp-sink.ts';
import { createVisit } from './test/visit-factories.ts';

const onPglite = inject('testDatabase').kind === 'pglite';

/** The process ids of a server's workers (its children). */
function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(onPglite)('two instances × two workers on one PostgreSQL (the embedded PGlite lives in one process: skipped there)', () => {
  let database: TestDatabase;
  const smtp = new SmtpSink();
  let instances: StartedServer[] = [];
  let staffToken = '';
  let visitId = 0;
  let students: { id: number; email: string }[] = [];
  const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-cluster-media-'));

  beforeAll(async () => {
    buildServer();
    database = await createTestDatabase();
    await smtp.start();
    const { prisma } = database.db;
    const staff = await createUser(prisma, { email: 'staff@cluster.test', isStaff: true, isSuperuser: true });
    visitId = (await createVisit(prisma, { title: 'Sortie à deux instances' })).id;
    await prisma.user.createMany({
      data: Array.from({ length: 300 }, (_, index) => ({
        email: `eleve${index}@cluster.test`,
        password: staff.password,
        firstName: `Élève ${index}`,
      })),
    });
    students = await prisma.user.findMany({
      where: { email: { endsWith: '@cluster.test', not: staff.email } },
      select: { id: true, email: true },
      orderBy: { id: 'asc' },
    });
    await prisma.student.createMany({ data: students.map((user) => ({ userId: user.id })) });
    const env = {
      NODE_ENV: 'development',
      DATABASE_URL: database.url,
      WEB_CONCURRENCY: '2',
      SECRET_KEY: 'cluster-test-secret-key-of-32-characters-or-more',
      LOG_LEVEL: 'info',
      MAILS_ENABLED: 'true',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_POLL_SECONDS: '0.2',
      MAIL_RETRY_BASE_SECONDS: '0.5',
      MAIL_LEASE_SECONDS: '3',
      CLEAN_MEDIA_ENABLED: 'true',
      CLEAN_MEDIA_CRON: '*/2 * * * * *',
      MEDIA_ROOT: mediaRoot,
      LOGIN_FAILURES_PER_IP: '0',
    };
    instances = await Promise.all([0, 1].map((index) => startServerProcess({ ...env, DATA_DIR: path.join(mediaRoot, `data-${index}`) })));
    const login = await fetch(`${instances[0]!.url}/api/auth/get-token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: staff.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(200);
    staffToken = ((await login.json()) as { token: string }).token;
  }, 240_000);

  afterAll(async () => {
    for (const instance of instances) {
      for (const pid of [instance.child.pid!, ...childPids(instance.child.pid!)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await smtp.stop();
    await database?.destroy();
    fs.rmSync(mediaRoot, { recursive: true, force: true });
  });

  /** Staff decides that `student` may come: the decision email is queued. */
  async function decide(instance: StartedServer, student: { id: number }): Promise<number> {
    const response = await fetch(`${instance.url}/api/participations/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Token ${staffToken}` },
      body: JSON.stringify({ user: student.id, visit: visitId, accepted: true }),
    });
    return response.status;
  }

  const received = (email: string) =>
    smtp.messages.filter((message) => message.to && JSON.stringify(message.to).includes(`"${email}"`)).length;

  it('runs two workers per instance', () => {
    for (const instance of instances) expect(childPids(instance.child.pid!)).toHaveLength(2);
  });

  it('accepts on one instance a panel session opened on the other', async () => {
    const [first, second] = instances as [StartedServer, StartedServer];
    const host = new URL(first.url).host;
    const login = await fetch(`${first.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: first.url, host },
      body: new URLSearchParams({ email: 'staff@cluster.test', password: TEST_PASSWORD }).toString(),
    });
    expect(login.status).toBe(302);
    const cookie = login.headers
      .getSetCookie()
      .map((value) => value.split(';')[0])
      .join('; ');
    expect(cookie).not.toBe('');
    // Several requests: each may land on either worker of the other instance.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const page = await fetch(`${second.url}/`, { redirect: 'manual', headers: { cookie } });
      expect(page.status).toBe(200);
    }
    expect((await fetch(`${second.url}/`, { redirect: 'manual' })).status).toBe(302);
  });

  it('emails each of 200 decisions queued through both instances exactly once', async () => {
    const burst = students.slice(0, 200);
    const statuses: number[] = [];
    for (let index = 0; index < burst.length; index += 10) {
      statuses.push(
        ...(await Promise.all(burst.slice(index, index + 10).map((student, offset) => decide(instances[(index + offset) % 2]!, student)))),
      );
    }
    expect(statuses.every((status) => status === 201)).toBe(true);
    await waitFor(
      async () => (await database.db.query('SELECT 1 FROM oser_mail_outbox WHERE sent_at IS NULL')).length === 0,
      'the outbox to empty',
      120_000,
    );
    // A duplicate would come from a second claim: give the pollers a few more rounds.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const counts = burst.map((student) => received(student.email));
    expect(counts.filter((count) => count !== 1)).toEqual([]);
  }, 180_000);

  it('runs the media cleanup triggered on both instances once per schedule', async () => {
    // The report line of a run that happened (not the "in progress" ones).
    const cleanups = () =>
      instances
        .flatMap((instance) => instance.output().split('\n'))
        .filter((line) => line.includes('"job":"clean-media"') && line.includes('DB files:'));
    await waitFor(() => cleanups().length >= 4, 'four scheduled cleanups', 30_000);
    // Each instance's worker 0 fires on every schedule (every 2 s); one run per schedule, one row per run.
    const rows = await database.db.query<{ runs: number; schedules: number }>(
      "SELECT count(*)::int AS runs, count(DISTINCT scheduled_at)::int AS schedules FROM oser_job_run WHERE job = 'clean-media' AND outcome = 'success'",
    );
    const ran = cleanups().length;
    expect(rows[0]!.runs).toBe(rows[0]!.schedules);
    // One run may be between its log line and its row being marked.
    expect(ran - rows[0]!.runs).toBeGreaterThanOrEqual(0);
    expect(ran - rows[0]!.runs).toBeLessThanOrEqual(1);
  }, 60_000);

  it('loses no queued email when an instance is killed mid-burst', async () => {
    const [doomed, survivor] = instances as [StartedServer, StartedServer];
    const burst = students.slice(200, 300);
    const before = smtp.messages.length;
    const statuses: number[] = [];
    for (let index = 0; index < burst.length; index += 10) {
      statuses.push(
        ...(await Promise.all(
          burst.slice(index, index + 10).map((student, offset) => decide(offset % 2 === 0 ? survivor : doomed, student)),
        )),
      );
    }
    expect(statuses.filter((status) => status !== 201)).toEqual([]);
    await waitFor(() => smtp.messages.length > before + 5, 'the first emails of the burst', 60_000);
    for (const pid of [doomed.child.pid!, ...childPids(doomed.child.pid!)]) process.kill(pid, 'SIGKILL');
    await doomed.exited;
    await waitFor(
      async () => (await database.db.query('SELECT 1 FROM oser_mail_outbox WHERE sent_at IS NULL')).length === 0,
      'the survivor to send the rest',
      120_000,
    );
    const missing = burst.filter((student) => received(student.email) === 0).map((student) => student.email);
    expect(missing).toEqual([]);
    instances = [survivor];
  }, 180_000);

  it('replaces a dead worker, and lets in-flight requests finish on SIGTERM', async () => {
    const [instance] = instances as [StartedServer];
    const [victim] = childPids(instance.child.pid!);
    process.kill(victim!, 'SIGKILL');
    await waitFor(
      () => childPids(instance.child.pid!).length === 2 && !childPids(instance.child.pid!).includes(victim!),
      'a replacement worker',
      60_000,
    );
    await waitFor(() => /worker \d died; starting another/.test(instance.output()), 'the replacement to be logged');
    await waitFor(async () => (await fetch(`${instance.url}/healthz`).catch(() => null))?.status === 200, 'the instance to answer');

    // A request in flight: its headers are in, its body comes slowly, SIGTERM arrives meanwhile.
    const body = JSON.stringify({ username: 'staff@cluster.test', password: TEST_PASSWORD });
    const { port } = new URL(instance.url);
    let status = 0;
    const answered = new Promise<void>((resolve, reject) => {
      const slow = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/get-token/',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          status = response.statusCode ?? 0;
          response.resume().on('end', resolve);
        },
      );
      slow.on('error', reject);
      slow.write(body.slice(0, 10));
      setTimeout(() => {
        instance.child.kill('SIGTERM');
        setTimeout(() => slow.end(body.slice(10)), 1000);
      }, 1000);
    });
    await answered;
    expect(status).toBe(200);
    expect(await instance.exited).toBe(0);
    instances = [];
  }, 120_000);
});
