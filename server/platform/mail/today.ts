// docs/decisions.md#emails: the original's demo notification (English), handy to try a mail setup.
import { md, type NotificationTemplate } from './render.ts';

export interface TodayArgs {
  user: { firstName: string; email: string };
  today: Date;
}

export const todayNotification: NotificationTemplate<TodayArgs> = {
  name: 'today',
  description: 'Example notification (English) to try the mail setup',
  subject: () => "What's the date today?",
  recipients: ({ user }) => [user.email],
  markdown: ({ user, today }) => ({
    greeting: md`Hello ${user.firstName},`,
    body: md`Today is **${new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone: 'Europe/Paris' }).format(today)}**.`,
    signature: 'The Corporate, Inc. team',
  }),
  example: () => ({ user: { firstName: 'John', email: 'john.doe@example.com' }, today: new Date() }),
};
