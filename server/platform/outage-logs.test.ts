// What the log says of a database outage besides the monitor's two warnings (outage.ts): the
// request lines of the 503s carry their status and no made-up error, and the mail outbox and
// the cron jobs report to the monitor instead of logging an error per poll; other failures
// of theirs stay errors. The database is refused by a loopback port that opens later.
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';
import { connectDatabase, type Database } from './db.ts';
import { runScheduled, startJobs } from './jobs.ts';
import { createLogger } from './log.ts';
import { queueEmail } from './mail/outbox.ts';
import type { MailMessage, MailTransport } from './mail/transports.ts';
import { startOutboxWorker } from './mail/worker.ts';
import { outageMonitor } from './outage.ts';
import { createStorage } from './storage.ts';

type LogLine = Record<string, unknown> & { level: number; msg: string };

const OUTAGE_STARTED = 'database unreachable: answering 503 until it is back';
const OUTAGE_OVER = 'database reachable again: outage over';

function capturingLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger({ logLevel: 'info' }, sink);
  return {
    logger,
    lines,
    warnings: () => lines.filter((line) => line.level === 40).map((line) => line.msg),
    errors: () => lines.filter((line) => line.level >= 50),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A loopback port that refuses connections until `open()`, then forwards them to `target`
 * (the test file's database): the database "comes back".
 */
async function databaseDoor(target: string) {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const upstream = new URL(target);
  const sockets = new Set<net.Socket>();
  const door = net.createServer((client) => {
    const server = net.connect(Number(upstream.port), upstream.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.on('error', () => {
        client.destroy();
        server.destroy();
      });
    }
    client.pipe(server).pipe(client);
  });
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    open: () => new Promise<void>((resolve) => door.listen(port, '127.0.0.1', resolve)),
    close() {
      for (const socket of sockets) socket.destroy();
      door.close();
    },
  };
}

/** A transport that keeps what it is given. */
function keepingTransport() {
  const sent: MailMessage[] = [];
  const transport: MailTransport = {
    kind: 'files',
    send: (message) => {
      sent.push(message);
      return Promise.resolve();
    },
    close: () => {},
  };
  return { transport, sent };
}

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.database.destroy());

describe('the request lines of an outage', () => {
  it('log each 503 at info with its status, without a made-up error or stack', async () => {
    const door = await databaseDoor(ctx.database.url);
    const db = connectDatabase(door.url, { poolSize: 2 });
    const log = capturingLogger();
    try {
      const app = createApp({ ...ctx, db, logger: log.logger });
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await request(app).get('/api/schools/choices/')).status).toBe(503);
      const requestLines = log.lines.filter((line) => (line.res as { statusCode?: number } | undefined)?.statusCode === 503);
      expect(requestLines).toHaveLength(3);
      for (const line of requestLines) {
        expect(line).toMatchObject({ level: 30, route: expect.any(String) });
        expect(line).not.toHaveProperty('err');
        expect(JSON.stringify(line)).not.toContain('stack');
      }
      expect(log.warnings()).toEqual([OUTAGE_STARTED]);
      expect(log.errors()).toEqual([]);
    } finally {
      door.close();
      await db.close();
    }
  });
});

describe('the mail outbox during an outage', () => {
  let door: Awaited<ReturnType<typeof databaseDoor>>;
  let db: Database;
  beforeAll(async () => {
    door = await databaseDoor(ctx.database.url);
    db = connectDatabase(door.url, { poolSize: 2 });
  });
  afterAll(async () => {
    door.close();
    await db.close();
  });

  it('warns once when it starts and once when it ends, never an error per poll, and sends once back', async () => {
    await ctx.db.prisma.$transaction((tx) =>
      queueEmail(tx, { notification: 'test', recipients: ['eleve@example.com'], subject: 'Après la panne', html: '<p>x</p>', text: 'x' }),
    );
    const log = capturingLogger();
    const { transport, sent } = keepingTransport();
    // The server's one monitor, as server.ts gives it: the app's 503 and the worker's polls count together.
    const outage = outageMonitor(db, log.logger);
    const shared = { ...ctx, db, logger: log.logger, outage };
    const worker = startOutboxWorker(shared, transport, { pollMs: 20, retryBaseMs: 50, maxAttempts: 5 });
    try {
      await sleep(500);
      expect((await request(createApp(shared)).get('/api/schools/choices/')).status).toBe(503);
      expect(outage.ongoing).toBe(true);
      expect(log.warnings()).toEqual([OUTAGE_STARTED]);
      expect(log.errors()).toEqual([]);
      await door.open();
      await waitFor(() => sent.length > 0 && log.warnings().length === 2);
    } finally {
      await worker.stop();
    }
    expect(sent.map((message) => message.subject)).toEqual(['[OSER] Après la panne']);
    expect(log.warnings()).toEqual([OUTAGE_STARTED, OUTAGE_OVER]);
    expect(log.lines.find((line) => line.msg === OUTAGE_OVER)).toMatchObject({ failures: expect.any(Number) });
    expect((log.lines.find((line) => line.msg === OUTAGE_OVER)!.failures as number) > 2).toBe(true);
    expect(log.errors()).toEqual([]);
  }, 30_000);

  it('still logs an error for a failure that is not an outage', async () => {
    // The outbox table missing: every poll fails, and that is a bug, not an outage.
    const missing = Object.assign(new Error('relation "oser_mail_outbox" does not exist'), { code: '42P01' });
    const broken: Database = { ...ctx.db, query: () => Promise.reject(missing) };
    const log = capturingLogger();
    const worker = startOutboxWorker({ ...ctx, db: broken, logger: log.logger }, keepingTransport().transport, {
      pollMs: 20,
      retryBaseMs: 50,
      maxAttempts: 5,
    });
    try {
      await waitFor(() => log.errors().length >= 2);
    } finally {
      await worker.stop();
    }
    expect(log.errors()[0]).toMatchObject({ msg: 'outbox delivery failed', err: { message: missing.message, stack: expect.any(String) } });
    expect(log.warnings()).toEqual([]);
  });
});

describe('cron jobs during an outage', () => {
  it('report a scheduled run that cannot reach the database to the monitor, not as an error', async () => {
    const door = await databaseDoor(ctx.database.url);
    const db = connectDatabase(door.url, { poolSize: 1 });
    const log = capturingLogger();
    // Every second, so that a few runs fall within the test.
    const config = testConfig({ CLEAN_MEDIA_ENABLED: 'true', CLEAN_MEDIA_CRON: '* * * * * *' });
    const jobs = startJobs({ config, db, logger: log.logger, storage: createStorage(config) });
    try {
      await waitFor(() => log.warnings().length > 0, 5000);
      await sleep(2200);
    } finally {
      await jobs.stop();
      door.close();
      await db.close();
    }
    expect(log.warnings()).toEqual([OUTAGE_STARTED]);
    expect(log.errors()).toEqual([]);
  });

  it('a job whose work meets an outage fails its run with a warning; other failures are errors', async () => {
    const log = capturingLogger();
    const logged = { ...ctx, logger: log.logger };
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(await runScheduled(logged, 'outage-job', new Date('2026-11-29T21:00:00Z'), () => Promise.reject(refused))).toBe('failure');
    expect(log.warnings()).toEqual([OUTAGE_STARTED]);
    expect(log.errors()).toEqual([]);
    expect(await runScheduled(logged, 'broken-job', new Date('2026-11-29T21:00:00Z'), () => Promise.reject(new Error('disk full')))).toBe(
      'failure',
    );
    expect(log.errors()).toMatchObject([{ msg: 'job broken-job failed', job: 'broken-job', err: { message: 'disk full' } }]);
  });
});
