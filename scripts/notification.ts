// npm run notification:list | notification:render -- NAME [--text] | notification:send -- NAME EMAIL
// The examples of every notification (docs/decisions.md#emails): list them, print one, send one.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createLogger } from '../server/platform/log.ts';
import type { NotificationKind } from '../server/platform/mail/render.ts';
import { notificationKind } from '../server/platform/mail/render.ts';
import { todayNotification } from '../server/platform/mail/today.ts';
import { createMailTransport } from '../server/platform/mail/transports.ts';
import { visitNotifications } from '../server/visits/notifications.ts';
import { fail, loadConfigOrExit } from './cli.ts';

const NOTIFICATIONS: NotificationKind[] = [...visitNotifications, notificationKind(todayNotification)];
const NAMES = NOTIFICATIONS.map((kind) => kind.name).join(', ');

const HELP = `Usage:
  npm run notification:list
  npm run notification:render -- NAME [--text]   prints the example's HTML body (or its text part)
  npm run notification:send -- NAME EMAIL        sends the example to EMAIL only, through the
                                                 configured transport (SendGrid, SMTP, or .eml files)
Notifications: ${NAMES}`;

function find(name: string | undefined): NotificationKind {
  if (!name) fail(`A notification name is needed (${NAMES}).\n\n${HELP}`);
  const kind = NOTIFICATIONS.find((candidate) => candidate.name === name);
  if (!kind) fail(`Unknown notification "${name}". Valid names: ${NAMES}.`);
  return kind;
}

let parsed;
try {
  parsed = parseArgs({
    options: { text: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
    allowPositionals: true,
    strict: true,
  });
} catch (error) {
  fail(`${(error as Error).message}\n\n${HELP}`);
}
const [command, name, recipient] = parsed.positionals;
if (parsed.values.help || !command) {
  console.log(HELP);
  process.exit(command || parsed.values.help ? 0 : 1);
}

const config = loadConfigOrExit();

if (command === 'list') {
  for (const kind of NOTIFICATIONS) console.log(`${kind.name.padEnd(10)} ${kind.description}`);
} else if (command === 'render') {
  const email = find(name).renderExample(config);
  console.log(parsed.values.text ? email.text : email.html);
} else if (command === 'send') {
  const kind = find(name);
  if (!recipient || !z.string().email().safeParse(recipient).success) fail(`A valid recipient address is needed.\n\n${HELP}`);
  const email = kind.renderExample(config);
  const logger = createLogger(config);
  const subject = `[OSER] ${email.subject}`;
  if (!config.mail.enabled) {
    logger.warn(`Email "${subject}" not sent to ${recipient} because MAILS_ENABLED is set to False`);
    fail('⚠️ Notification email not sent (see above for logs).');
  }
  const transport = createMailTransport(config, logger);
  try {
    await transport.send({ from: config.mail.from, to: [recipient], subject, html: email.html, text: email.text });
    logger.info(`Sent email "${subject}" to ${recipient}`);
    console.log(`✉️ Notification email sent to ${recipient}.`);
  } catch (error) {
    logger.error({ err: error }, `Email "${subject}" not sent to ${recipient}`);
    fail('⚠️ Notification email not sent (see above for logs).');
  } finally {
    transport.close();
  }
} else {
  fail(`Unknown command "${command}".\n\n${HELP}`);
}
