// Delivery through the outbox worker with the real transports against loopback fakes of the
// providers: an SMTP server (smtp-server) and SendGrid's HTTP API. An outage loses nothing
// and sends nothing twice; two workers never send one message twice.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, testConfig, type TestContext } from '../../test/context.ts';
import { SmtpSink } from '../../test/smtp-sink.ts';
import { queueEmail } from './outbox.ts';
import { createMailTransport, type MailTransport } from './transports.ts';
import { retryDelayMs, startOutboxWorker } from './worker.ts';

const logger = pino({ level: 'silent' });
const FAST = { pollMs: 20, retryBaseMs: 50, retryMaxMs: 200, maxAttempts: 50 };

async function queue(ctx: TestContext, count: number, recipient = 'eleve@example.com') {
  await ctx.db.prisma.$transaction(async (tx) => {
    for (let index = 1; index <= count; index += 1) {
      await queueEmail(tx, {
        notification: 'test',
        recipients: [recipient],
        subject: `Message ${index}`,
        html: `<p>Message n°${index} : l&#x27;Opéra</p>`,
        text: `Message n°${index} : l'Opéra`,
      });
    }
  });
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.database.destroy();
});
beforeEach(async () => {
  await ctx.db.prisma.outboxMessage.deleteMany();
});

describe('retry delays', () => {
  it('double at each attempt up to the cap', () => {
    expect(retryDelayMs(1, 1000, 60_000)).toBeGreaterThanOrEqual(900);
    expect(retryDelayMs(1, 1000, 60_000)).toBeLessThanOrEqual(1100);
    expect(retryDelayMs(4, 1000, 60_000)).toBeGreaterThanOrEqual(7200);
    expect(retryDelayMs(20, 1000, 60_000)).toBeLessThanOrEqual(66_000);
  });
});

describe('SMTP delivery', () => {
  const sink = new SmtpSink();
  beforeAll(() => sink.start());
  afterAll(() => sink.stop());

  it('sends queued emails with both parts, records the sending, never sends twice', async () => {
    sink.messages = [];
    await queue(ctx, 3);
    const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAILS_NOTIFICATIONS_ADDRESS: 'notifications@oser-cs.fr' });
    const transport = createMailTransport(config, logger);
    expect(transport.kind).toBe('smtp');
    const worker = startOutboxWorker({ db: ctx.db, config, logger }, transport, FAST);
    await waitFor(() => sink.messages.length === 3);
    await worker.stop();

    const first = sink.messages.find((mail) => mail.subject === '[OSER] Message 1')!;
    expect(first.from?.text).toBe('notifications@oser-cs.fr');
    expect(first.to && 'text' in first.to ? first.to.text : '').toBe('eleve@example.com');
    expect(first.text?.trim()).toBe("Message n°1 : l'Opéra");
    expect(first.html).toContain('<p>Message n°1 : l&#x27;Opéra</p>');
    expect(first.messageId).toMatch(/^<outbox-\d+@oser-cs\.fr>$/);

    const rows = await ctx.db.prisma.outboxMessage.findMany();
    expect(rows.every((row) => row.sentAt && row.attempts === 1 && row.lastError === null && row.lockedUntil === null)).toBe(true);
    expect(sink.messages).toHaveLength(3);
  });

  it('loses nothing and sends nothing twice when the provider dies during a burst of 100', async () => {
    sink.messages = [];
    await queue(ctx, 100);
    const config = testConfig({ SMTP_URL: `smtp://127.0.0.1:${sink.port}` });
    const worker = startOutboxWorker({ db: ctx.db, config, logger }, createMailTransport(config, logger), FAST);
    await waitFor(() => sink.messages.length >= 20);
    await sink.stop(); // the provider goes down mid-burst
    const receivedBeforeOutage = sink.messages.length;
    await waitFor(async () => (await ctx.db.prisma.outboxMessage.count({ where: { lastError: { not: null } } })) > 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receivedBeforeOutage).toBeLessThan(100);
    await sink.start(sink.port); // and comes back
    await waitFor(async () => (await ctx.db.prisma.outboxMessage.count({ where: { sentAt: null } })) === 0, 30_000);
    await worker.stop();

    const subjects = sink.messages.map((mail) => mail.subject);
    expect(new Set(subjects).size).toBe(100);
    expect(subjects).toHaveLength(100);
    const retried = await ctx.db.prisma.outboxMessage.findMany({ where: { attempts: { gt: 1 } } });
    expect(retried.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('two workers on one database', () => {
  it('never send one message twice', async () => {
    const sent: string[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      async send(message) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        sent.push(message.subject);
      },
      close() {},
    };
    await queue(ctx, 60);
    const config = testConfig();
    const workers = [1, 2].map(() => startOutboxWorker({ db: ctx.db, config, logger }, transport, { ...FAST, batchSize: 5 }));
    await waitFor(async () => (await ctx.db.prisma.outboxMessage.count({ where: { sentAt: null } })) === 0);
    await Promise.all(workers.map((worker) => worker.stop()));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
  });
});

describe('a provider that keeps failing', () => {
  it('records attempts and the last error, then gives up after the maximum', async () => {
    let calls = 0;
    const transport: MailTransport = {
      kind: 'smtp',
      send() {
        calls += 1;
        return Promise.reject(new Error('421 service not available'));
      },
      close() {},
    };
    await queue(ctx, 1);
    const worker = startOutboxWorker({ db: ctx.db, config: testConfig(), logger }, transport, { ...FAST, maxAttempts: 3 });
    await waitFor(async () => (await ctx.db.prisma.outboxMessage.findFirstOrThrow()).attempts === 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await worker.stop();
    const row = await ctx.db.prisma.outboxMessage.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 3, sentAt: null, lastError: '421 service not available', lockedUntil: null });
    expect(calls).toBe(3);
  });
});

/** The parts of a SendGrid v3 mail/send request body the tests check. */
type SendGridBody = {
  from: unknown;
  subject: unknown;
  mail_settings: unknown;
  personalizations: { to: unknown }[];
  content: { type: string }[];
};

describe('SendGrid web API', () => {
  const requests: { headers: http.IncomingHttpHeaders; body: SendGridBody }[] = [];
  let failNext = 0;
  const fake = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"errors":[{"message":"busy"}]}');
        return;
      }
      requests.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(req.url === '/v3/mail/send' ? 202 : 404).end();
    });
  });
  beforeAll(() => new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise((resolve) => fake.close(resolve)));

  it('posts each message to /v3/mail/send with the API key, sandboxed when asked, after retries', async () => {
    failNext = 1;
    await queue(ctx, 2, 'tuteur@example.com');
    const config = testConfig({
      SENDGRID_API_KEY: 'SG.test-key',
      SENDGRID_API_URL: `http://127.0.0.1:${(fake.address() as AddressInfo).port}`,
      SENDGRID_SANDBOX: 'true',
    });
    const transport = createMailTransport(config, logger);
    expect(transport.kind).toBe('sendgrid');
    const worker = startOutboxWorker({ db: ctx.db, config, logger }, transport, FAST);
    await waitFor(async () => (await ctx.db.prisma.outboxMessage.count({ where: { sentAt: null } })) === 0);
    await worker.stop();

    expect(requests).toHaveLength(2);
    const [first] = requests;
    expect(first!.headers.authorization).toBe('Bearer SG.test-key');
    expect(first!.body.from).toMatchObject({ email: 'notifications@oser-cs.fr' });
    expect(first!.body.personalizations[0]!.to).toEqual([{ email: 'tuteur@example.com' }]);
    expect(first!.body.subject).toMatch(/^\[OSER\] Message [12]$/);
    expect(first!.body.content.map((part) => part.type)).toEqual(['text/plain', 'text/html']);
    expect(first!.body.mail_settings).toEqual({ sandbox_mode: { enable: true } });
    const retried = await ctx.db.prisma.outboxMessage.findMany({ where: { attempts: 2 } });
    expect(retried).toHaveLength(1);
  });
});

describe('development default', () => {
  it('writes each message as an .eml file under data/mails/', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-data-'));
    const config = testConfig({ DATA_DIR: dataDir });
    const transport = createMailTransport(config, logger);
    expect(transport.kind).toBe('files');
    await transport.send({ from: 'notifications@oser-cs.fr', to: ['a@example.com'], subject: '[OSER] Essai', html: '<p>é</p>', text: 'é' });
    const files = fs.readdirSync(path.join(dataDir, 'mails'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const parsed = await simpleParser(fs.readFileSync(path.join(dataDir, 'mails', files[0]!)));
    expect(parsed.subject).toBe('[OSER] Essai');
    expect(parsed.text?.trim()).toBe('é');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
