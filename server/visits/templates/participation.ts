// docs/decisions.md#emails: a participation was accepted or rejected; the participant is told.
import type { NotificationTemplate } from '../../platform/mail/render.ts';
import { frenchDate, md } from '../../platform/mail/render.ts';

export interface ParticipationArgs {
  user: { firstName: string; email: string };
  visit: { id: number; title: string; date: Date };
  accepted: boolean;
  /** First names of the visit's organizers (B1: read on their users, not on Tutor). */
  organizers: string[];
}

function template(accepted: boolean): NotificationTemplate<ParticipationArgs> {
  return {
    name: accepted ? 'accepted' : 'rejected',
    description: accepted
      ? 'Participation à une sortie acceptée, envoyée au participant'
      : 'Participation à une sortie refusée, envoyée au participant',
    subject: ({ visit }) => `Participation à la sortie : ${visit.title}`,
    recipients: ({ user }) => [user.email],
    markdown: ({ user, visit, organizers }, config) => {
      const reminder = md`Tu as demandé à participer à la sortie **${visit.title}** prévue le **${frenchDate(visit.date, 'UTC')}**.`;
      const decision = accepted
        ? [
            '✅ Nous avons le plaisir de te confirmer ta participation !',
            md`Rends-toi dans [l'espace sorties](${`${config.siteUrl}/visits/${visit.id}`}) pour :`,
            [
              '- lire les informations pratiques ;',
              '- télécharger la fiche sortie ;',
              "- télécharger l'autorisation de sortie, à faire remplir par tes parents.",
            ].join('\n'),
          ]
        : [
            "😔 Malheureusement, ta participation n'a pas pu être retenue car les places sont limitées.",
            'Nous reviendrons vers toi si des places se libèrent à la suite de désistements.',
          ];
      const names = organizers.length > 0 ? md` : ${organizers.join(', ')}` : '';
      // B22: the original's contact address (`oser.sortie@gmail.fr`) looks mistyped; the
      // visits team's configured address is the one that reads these answers.
      const contact = config.mail.visitsTeamEmail ?? config.mail.from;
      return {
        greeting: md`Bonjour ${user.firstName},`,
        body: [reminder, ...decision].join('\n\n'),
        signature: ['À bientôt,', `Les organisateurs${names}`, md`Pour toute question, écris-nous à ${contact}.`].join('\n\n'),
      };
    },
    example: () => ({
      user: { firstName: 'John', email: 'john.doe@example.com' },
      visit: { id: 1, title: 'Visite du Palais de la Découverte', date: new Date() },
      accepted,
      organizers: ['Alice', 'Bob'],
    }),
  };
}

export const acceptedNotification = template(true);
export const rejectedNotification = template(false);
