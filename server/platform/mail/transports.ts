// Mail transports (issue 4): SendGrid's web API when SENDGRID_API_KEY is set, SMTP when
// SMTP_URL is set, otherwise (development) one .eml file per message under data/mails/.
import fs from 'node:fs';
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';

export interface MailMessage {
  from: string;
  to: string[];
  /** With the "[OSER] " prefix. */
  subject: string;
  html: string;
  text: string;
  /** Stable per outbox row, so that a receiver can recognise a retried message. */
  messageId?: string;
}

export interface MailTransport {
  kind: 'sendgrid' | 'smtp' | 'files';
  /** Resolves once the provider accepted the message; rejects otherwise. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * SendGrid's v3 web API, called directly: one JSON POST per message (SendGrid's own Node
 * client pulled in `request`, with advisories, for this one call).
 */
function sendgridTransport(config: Config): MailTransport {
  const url = `${config.mail.sendgridApiUrl ?? 'https://api.sendgrid.com'}/v3/mail/send`;
  return {
    kind: 'sendgrid',
    async send(message) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${config.mail.sendgridApiKey!}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          personalizations: [{ to: message.to.map((email) => ({ email })) }],
          from: { email: message.from },
          subject: message.subject,
          content: [
            { type: 'text/plain', value: message.text },
            { type: 'text/html', value: message.html },
          ],
          ...(message.messageId ? { headers: { 'Message-ID': message.messageId } } : {}),
          // Sandbox: SendGrid validates the message but delivers nothing (docs/decisions.md#configuration).
          ...(config.mail.sendgridSandbox ? { mail_settings: { sandbox_mode: { enable: true } } } : {}),
        }),
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new Error(`SendGrid answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
    },
    close: () => {},
  };
}

/**
 * A nodemailer transport made at the first message: importing nodemailer is not worth its
 * CPU at every start (docs/benchmark.md, start-up), and most starts send nothing at once.
 */
function lazyNodemailer(make: (mailer: (typeof import('nodemailer'))['default']) => Transporter) {
  let transport: Promise<Transporter> | undefined;
  return {
    get: () => (transport ??= import('nodemailer').then(({ default: mailer }) => make(mailer))),
    close: () => void transport?.then((made) => made.close()),
  };
}

function smtpTransport(config: Config): MailTransport {
  const transport = lazyNodemailer((mailer) =>
    mailer.createTransport(config.mail.smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as object),
  );
  return {
    kind: 'smtp',
    async send(message) {
      await (await transport.get()).sendMail(message);
    },
    close: () => transport.close(),
  };
}

/** Development default: nothing leaves the machine; each message is a file to open. */
function fileTransport(config: Config, logger: Logger): MailTransport {
  const transport = lazyNodemailer((mailer) => mailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' }));
  let sequence = 0;
  return {
    kind: 'files',
    async send(message) {
      const info = (await (await transport.get()).sendMail(message)) as { message: Buffer };
      await fs.promises.mkdir(config.mail.outboxDir, { recursive: true });
      sequence += 1;
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${sequence}.eml`;
      const file = path.join(config.mail.outboxDir, name);
      await fs.promises.writeFile(file, info.message);
      logger.info({ file, to: message.to, subject: message.subject }, 'email written to a file (no mail transport configured)');
    },
    close: () => transport.close(),
  };
}

export function createMailTransport(config: Config, logger: Logger): MailTransport {
  if (config.mail.sendgridApiKey) return sendgridTransport(config);
  if (config.mail.smtpUrl) return smtpTransport(config);
  return fileTransport(config, logger);
}
