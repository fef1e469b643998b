// docs/decisions.md#emails: a user withdraws from a visit; the visits team is told why.
import type { NotificationTemplate } from '../../platform/mail/render.ts';
import { blockQuote, frenchDate, md } from '../../platform/mail/render.ts';

export interface AbandonArgs {
  user: { firstName: string; lastName: string; email: string };
  visit: { id: number; title: string; date: Date };
  reason: string;
}

/** B11: the original named the user by email; the full name reads better when there is one. */
export function displayName(user: { firstName: string; lastName: string; email: string }): string {
  return `${user.firstName} ${user.lastName}`.trim() || user.email;
}

export const abandonNotification: NotificationTemplate<AbandonArgs> = {
  name: 'abandon',
  description: "Désistement d'un participant, envoyé à l'équipe sorties (VISITS_TEAM_EMAIL)",
  // docs/decisions.md#emails: no space before the colon here, unlike the participation subject.
  subject: ({ visit }) => `Désistement à la sortie: ${visit.title}`,
  recipients: (_args, config) => [config.mail.visitsTeamEmail ?? config.mail.from],
  markdown: ({ user, visit, reason }) => ({
    body: [
      md`${displayName(user)} s'est désinscrit(e) de la sortie **${visit.title}** prévue le **${frenchDate(visit.date, 'UTC')}**. Voici la raison invoquée :`,
      blockQuote(reason),
      md`Vous pouvez contacter ${displayName(user)} à l'adresse ${user.email}.`,
    ].join('\n\n'),
  }),
  example: () => ({
    user: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com' },
    visit: { id: 1, title: 'Visite du Palais de la Découverte', date: new Date() },
    reason: 'Je ne peux plus venir...',
  }),
};
