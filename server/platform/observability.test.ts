// Seeing inside (issue 14 §3): request ids in the response, in every log line of the request
// and in the delivery logs of the emails it queued; GET /metrics and who may read it; each
// scheduled job run happens once however many processes share the database.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { testConfig } from '../test/context.ts';
import { createVisitSuite, type VisitSuite } from '../test/visit-suite.ts';
import { createVisit } from '../test/visit-factories.ts';
import type { Config } from './config.ts';
import { runScheduled } from './jobs.ts';
import { createLogger } from './log.ts';
import { requestLog } from './request-log.ts';
import { startOutboxWorker } from './mail/worker.ts';
import type { MailMessage } from './mail/transports.ts';

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

/** A logger whose lines are kept, parsed. */
function capturingLogger() {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      callback();
    },
  });
  return { logger: createLogger({ logLevel: 'info' }, sink), lines };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let suite: VisitSuite;

beforeAll(async () => {
  suite = await createVisitSuite();
});
afterAll(() => suite.ctx.database.destroy());

function appWith(config: Config = suite.ctx.config) {
  const captured = capturingLogger();
  return { app: createApp({ ...suite.ctx, config, logger: captured.logger }), lines: captured.lines };
}

describe('request ids', () => {
  it('answers X-Request-Id and logs the request with it, its route template, status and duration', async () => {
    const { app, lines } = appWith();
    const response = await request(app).get(`/api/visits/${suite.openVisitId}/`).set(suite.actors.staff.headers);
    expect(response.status).toBe(200);
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    const line = lines.find((entry) => entry.msg === 'request completed' && entry.requestId === id);
    expect(line).toMatchObject({ route: '/api/visits/{id}/', res: { statusCode: 200 }, responseTime: expect.any(Number) });
    // A 404 is logged under one label, not under the path it was asked for.
    const missing = await request(app).get('/nothing/here/at/all.php');
    expect(lines.find((entry) => entry.requestId === missing.headers['x-request-id'] && entry.msg === 'request completed')).toMatchObject({
      route: expect.not.stringContaining('here'),
    });
  });

  it("takes the proxy's id only behind a trusted proxy and only in a sane format", async () => {
    const trusted = appWith(testConfig({ TRUST_PROXY: '1' })).app;
    const untrusted = appWith().app;
    const sane = 'f3b1c2d4-heroku-router-1234';
    expect((await request(trusted).get('/api/').set('X-Request-Id', sane)).headers['x-request-id']).toBe(sane);
    expect((await request(untrusted).get('/api/').set('X-Request-Id', sane)).headers['x-request-id']).toMatch(UUID);
    for (const forged of ['short', 'x'.repeat(129), 'id with spaces 12345', 'id"},{"level":60,"msg":"forged', 'é'.repeat(12)]) {
      const answered = (await request(trusted).get('/api/').set('X-Request-Id', forged)).headers['x-request-id'];
      expect(answered, forged).toMatch(UUID);
    }
  });

  it('gives each request its logger on first use, and logs a request its client gave up on as aborted, outside the metrics', async () => {
    const { logger, lines } = capturingLogger();
    const sent: string[] = [];
    const app = express();
    app.use(
      requestLog(app, logger, {
        idOf: () => crypto.randomUUID(),
        routeOf: (req) => req.path,
        quiet: () => false,
        onSent: (_req, _res, route) => sent.push(route),
      }),
    );
    let handlerSaw: unknown;
    app.get('/logged', (req, res) => {
      handlerSaw = { own: Object.hasOwn(req, 'log'), same: req.log === req.log };
      req.log.info('inside');
      res.json({});
    });
    let reachedSlow!: () => void;
    const slowReached = new Promise<void>((resolve) => (reachedSlow = resolve));
    app.get('/slow', () => reachedSlow());
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const logged = await request(server).get('/logged');
      expect(handlerSaw).toEqual({ own: false, same: true });
      expect(lines.find((line) => line.msg === 'inside')).toMatchObject({
        requestId: logged.headers['x-request-id'],
        req: { url: '/logged' },
      });
      const slow = http.get({ port, host: '127.0.0.1', path: '/slow' });
      slow.on('error', () => {});
      // Given up once the handler holds it, however slow the machine.
      await slowReached;
      slow.destroy();
      await vi.waitFor(() => expect(lines.find((line) => line.msg === 'request aborted')).toMatchObject({ route: '/slow' }));
      expect(sent).toEqual(['/logged']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('follows the email a request queued into its delivery logs', async () => {
    const { app } = appWith();
    const { prisma } = suite.ctx.db;
    const visit = await createVisit(prisma, { title: 'Planétarium' });
    const response = await request(app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ user: suite.other.userId, visit: visit.id, accepted: true });
    expect(response.status).toBe(201);
    const id = response.headers['x-request-id'] as string;
    const [row] = await suite.ctx.db.query<{ id: number }>('SELECT id FROM oser_mail_outbox WHERE request_id = $1', [id]);
    expect(row).toBeDefined();

    const sent: MailMessage[] = [];
    const worker = capturingLogger();
    const delivery = startOutboxWorker(
      { db: suite.ctx.db, config: suite.ctx.config, logger: worker.logger },
      {
        kind: 'files',
        send: (message) => {
          sent.push(message);
          return Promise.resolve();
        },
        close: () => undefined,
      },
      { pollMs: 60_000, retryBaseMs: 10, maxAttempts: 3 },
    );
    await delivery.runOnce();
    await delivery.stop();
    expect(sent.map((message) => message.subject)).toContain('[OSER] Participation à la sortie : Planétarium');
    expect(worker.lines.find((line) => line.msg?.startsWith('Sent email "[OSER] Participation à la sortie : Planétarium"'))).toMatchObject({
      requestId: id,
    });
  });
});

describe('GET /metrics', () => {
  it('counts requests by route template and status, and shows the outbox and the pool (open in development)', async () => {
    const { app } = appWith();
    await request(app).get(`/api/visits/${suite.openVisitId}/`).set(suite.actors.staff.headers).expect(200);
    await request(app).get('/api/visits/999999/').set(suite.actors.staff.headers).expect(404);
    await suite.ctx.db.query(
      `INSERT INTO oser_mail_outbox (notification, recipients, subject, html, text, created_at)
       VALUES ('test', '{a@example.com}', 'Vieux', '', '', now() - interval '1 hour')`,
    );
    const response = await request(app).get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const text = response.text;
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/api/visits/{id}/",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/api/visits/{id}/",status="404"} 1');
    expect(text).not.toMatch(/route="[^"]*999999/);
    expect(Number(/^oser_outbox_messages\{state="pending"\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^oser_outbox_oldest_pending_age_seconds (\S+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(3500);
    expect(text).toMatch(/^oser_db_pool_connections\{state="idle"\} \d+$/m);
    await suite.ctx.db.query("DELETE FROM oser_mail_outbox WHERE subject = 'Vieux'");
  });

  const production = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://oser@db.example/oser',
    VISITS_TEAM_EMAIL: 'sorties@example.org',
  };

  it('is off in production without METRICS_TOKEN', async () => {
    const { app } = appWith(testConfig(production));
    expect((await request(app).get('/metrics')).status).toBe(404);
  });

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    const token = 'a-long-enough-metrics-token';
    const { app } = appWith(testConfig({ ...production, METRICS_TOKEN: token }));
    const without = await request(app).get('/metrics');
    expect(without.status).toBe(401);
    expect(without.headers['www-authenticate']).toBe('Bearer');
    expect((await request(app).get('/metrics').set('Authorization', `Bearer ${token}x`)).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', `Token ${token}`)).status).toBe(401);
    const allowed = await request(app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('oser_outbox_messages');
  });
});

describe('scheduled jobs', () => {
  it('runs a scheduled run once, however many processes trigger it, and reports its outcome', async () => {
    const scheduledAt = new Date('2026-11-29T21:00:00Z');
    let runs = 0;
    const work = () => {
      runs += 1;
      return Promise.resolve({});
    };
    const outcomes = await Promise.all([1, 2, 3].map(() => runScheduled(suite.ctx, 'test-job', scheduledAt, work)));
    // One after the other too: a fast job has ended before a late process triggers it.
    outcomes.push(await runScheduled(suite.ctx, 'test-job', new Date(scheduledAt.getTime() + 400), work));
    expect(runs).toBe(1);
    expect(outcomes.filter((outcome) => outcome === 'success')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === null)).toHaveLength(3);

    const failing = await runScheduled(suite.ctx, 'failing-job', scheduledAt, () => Promise.reject(new Error('disk full')));
    expect(failing).toBe('failure');
    const text = (await request(appWith().app).get('/metrics')).text;
    expect(text).toMatch(/^oser_job_last_run_timestamp_seconds\{job="test-job",outcome="success"\} \d+/m);
    expect(text).toMatch(/^oser_job_last_run_timestamp_seconds\{job="failing-job",outcome="failure"\} \d+/m);
  });
});
