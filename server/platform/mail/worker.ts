// The outbox worker: sends queued emails in the background with retries and exponential
// backoff, recording attempts, last error and sent time. Rows are claimed with
// FOR UPDATE SKIP LOCKED plus a lease (locked_until), so two workers (or two server
// processes) never send one message at the same time, and a crashed worker's messages
// are picked up again when its lease expires.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Database } from '../db.ts';
import { reportBackgroundFailure, sharedOutageMonitor, type OutageMonitor } from '../outage.ts';
import type { MailTransport } from './transports.ts';
import { withRequestId } from '../request-id.ts';

export interface OutboxWorkerOptions {
  pollMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  retryMaxMs?: number;
  batchSize?: number;
  leaseMs?: number;
}

export interface OutboxWorker {
  /** Sends what is due now; resolves with the number of messages sent. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the current batch. */
  stop(): Promise<void>;
}

interface ClaimedMessage {
  id: number;
  recipients: string[];
  subject: string;
  html: string;
  text: string;
  attempts: number;
  /** The request that queued it: its delivery logs carry that id. */
  requestId: string | null;
  /** Its locked_until as this worker set it, to the microsecond. */
  lease: string;
}

/** Delay before attempt n+1: base·2^(n-1), capped, with ±10 % jitter. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const delay = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.9 + Math.random() * 0.2));
}

function messageId(config: Config, id: number): string {
  const domain = config.mail.from.split('@')[1] ?? 'oser-cs.fr';
  return `<outbox-${id}@${domain}>`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function startOutboxWorker(
  ctx: { db: Database; config: Config; logger: Logger; outage?: OutageMonitor },
  transport: MailTransport,
  options: OutboxWorkerOptions = ctx.config.mail.worker,
): OutboxWorker {
  const { prisma } = ctx.db;
  const logger = ctx.logger.child({ component: 'mail-worker' });
  const outage = sharedOutageMonitor(ctx);
  const batchSize = options.batchSize ?? 20;
  const leaseSeconds = (options.leaseMs ?? 5 * 60_000) / 1000;
  const retryMaxMs = options.retryMaxMs ?? 3_600_000;

  // Plain SQL, not Prisma: the poll runs right after every start, and Prisma's first call
  // compiles its query engine (a fifth of a second on the main thread, before /healthz answers).
  async function claim(): Promise<ClaimedMessage[]> {
    return ctx.db.query<ClaimedMessage>(
      `UPDATE oser_mail_outbox
          SET attempts = attempts + 1, locked_until = now() + make_interval(secs => $1::float8)
        WHERE id IN (
              SELECT id FROM oser_mail_outbox
               WHERE sent_at IS NULL AND attempts < $2
                 AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
               ORDER BY next_attempt_at, id
               LIMIT $3
                 FOR UPDATE SKIP LOCKED)
       RETURNING id, recipients, subject, html, text, attempts, request_id AS "requestId", locked_until::text AS "lease"`,
      [leaseSeconds, options.maxAttempts, batchSize],
    );
  }

  /**
   * Just before sending, the message's lease is renewed if it is still this worker's (its
   * locked_until unchanged): the last messages of a batch wait for the first ones, and their
   * lease may have run out and another worker taken them meanwhile.
   */
  async function stillOurs(message: ClaimedMessage): Promise<boolean> {
    const renewed = await prisma.$queryRaw<{ lease: string }[]>`
      UPDATE oser_mail_outbox SET locked_until = now() + make_interval(secs => ${leaseSeconds}::float8)
       WHERE id = ${message.id} AND sent_at IS NULL AND locked_until = ${message.lease}::timestamptz
      RETURNING locked_until::text AS "lease"`;
    if (renewed.length === 0) return false;
    message.lease = renewed[0]!.lease;
    return true;
  }

  /** The provider has the message: recording it must not fail lightly, or it is sent twice. */
  async function markSent(id: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await prisma.outboxMessage.update({ where: { id }, data: { sentAt: new Date(), lockedUntil: null, lastError: null } });
        return;
      } catch (error) {
        if (attempt >= 5) throw error;
        await sleep(500 * attempt);
      }
    }
  }

  async function deliver(message: ClaimedMessage): Promise<boolean> {
    if (!(await stillOurs(message))) return false;
    try {
      await transport.send({
        from: ctx.config.mail.from,
        to: message.recipients,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: messageId(ctx.config, message.id),
      });
    } catch (error) {
      const lastError = error instanceof Error ? error.message : String(error);
      const giveUp = message.attempts >= options.maxAttempts;
      await prisma.outboxMessage.update({
        where: { id: message.id },
        data: {
          lastError: lastError.slice(0, 2000),
          lockedUntil: null,
          nextAttemptAt: new Date(Date.now() + retryDelayMs(message.attempts, options.retryBaseMs, retryMaxMs)),
        },
      });
      const log = { id: message.id, attempts: message.attempts, error: lastError };
      if (giveUp) logger.error(log, `Email "${message.subject}" abandoned after ${message.attempts} attempts`);
      else logger.warn(log, `Email "${message.subject}" not sent, will retry`);
      return false;
    }
    await markSent(message.id);
    logger.info({ id: message.id }, `Sent email "${message.subject}" to ${message.recipients.join(', ')}`);
    return true;
  }

  async function runOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await claim();
      for (const message of batch) if (await withRequestId(message.requestId, () => deliver(message))) sent += 1;
      // A full batch may hide more due messages; an empty or partial one means "done for now".
      if (batch.length < batchSize || stopped) return sent;
    }
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runOnce()
      .catch((error: unknown) => reportBackgroundFailure(outage, logger, error, 'outbox delivery failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.pollMs);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    runOnce,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
