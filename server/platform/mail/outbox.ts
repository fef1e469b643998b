// The mail outbox: an email is a row written in the transaction of the change that causes
// it; the delivery worker (worker.ts) sends it later, with retries (docs/decisions.md#emails, issue 4).
import type { Prisma } from '@prisma/client';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { currentRequestId } from '../request-id.ts';
import { renderNotification, type NotificationTemplate } from './render.ts';

export interface OutgoingEmail {
  notification: string;
  recipients: string[];
  /** Without the "[OSER] " prefix, added here. */
  subject: string;
  html: string;
  text: string;
}

/**
 * Queues emails in the caller's transaction with one insert, each with the id of the request
 * that causes it (its delivery logs carry it, request-id.ts).
 */
async function insertEmails(tx: Prisma.TransactionClient, emails: OutgoingEmail[]): Promise<{ id: number; createdAt: Date }[]> {
  const rows = emails.map((email) => ({ ...email, subject: `[OSER] ${email.subject}` }));
  return tx.$queryRaw<{ id: number; createdAt: Date }[]>`
    INSERT INTO oser_mail_outbox (notification, recipients, subject, html, text, request_id)
    SELECT e.notification, ARRAY(SELECT jsonb_array_elements_text(e.recipients)), e.subject, e.html, e.text, ${currentRequestId() ?? null}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(notification text, recipients jsonb, subject text, html text, text text)
    RETURNING id, created_at AS "createdAt"`;
}

export async function queueEmail(tx: Prisma.TransactionClient, email: OutgoingEmail): Promise<{ id: number; createdAt: Date }> {
  const [queued] = await insertEmails(tx, [email]);
  return queued!;
}

// Notifications are queued from services that receive the configuration, not a logger.
const loggers = new WeakMap<Config, Logger>();
export function mailLogger(config: Config): Logger {
  let logger = loggers.get(config);
  if (!logger) loggers.set(config, (logger = createLogger(config).child({ component: 'mail' })));
  return logger;
}

export interface QueuedNotification {
  /** Null when MAILS_ENABLED is false: nothing was queued. */
  queuedAt: Date | null;
  recipients: string[];
}

/**
 * Renders a notification and queues it in the caller's transaction, or, when MAILS_ENABLED
 * is false, logs the original's warning and queues nothing (docs/decisions.md#emails).
 */
export async function queueNotification<Args>(
  tx: Prisma.TransactionClient,
  config: Config,
  template: NotificationTemplate<Args>,
  args: Args,
): Promise<QueuedNotification> {
  const email = renderNotification(template, args, config);
  if (!config.mail.enabled) {
    warnDisabled(config, email);
    return { queuedAt: null, recipients: email.recipients };
  }
  const queued = await queueEmail(tx, email);
  return { queuedAt: queued.createdAt, recipients: email.recipients };
}

/** Queues one notification per argument set with a single insert, whatever their number. */
export async function queueNotifications<Args>(
  tx: Prisma.TransactionClient,
  config: Config,
  template: NotificationTemplate<Args>,
  argsList: Args[],
): Promise<void> {
  const emails = argsList.map((args) => renderNotification(template, args, config));
  if (emails.length === 0) return;
  if (!config.mail.enabled) {
    for (const email of emails) warnDisabled(config, email);
    return;
  }
  await insertEmails(tx, emails);
}

function warnDisabled(config: Config, email: OutgoingEmail): void {
  mailLogger(config).warn(
    `Email "[OSER] ${email.subject}" not sent to ${email.recipients.join(', ')} because MAILS_ENABLED is set to False`,
  );
}
