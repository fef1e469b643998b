// Notifications of the visits domain (SPEC 5.2, 5.3), queued in the outbox.
// TODO(issue 4): Markdown templates and the shared layout replace these plain bodies.
import type { Prisma } from '@prisma/client';
import type { Config } from '../platform/config.ts';
import { queueEmail } from '../platform/mail/outbox.ts';

/** SPEC 5.3: queues "accepted" or "rejected" for a participation whose `accepted` just changed. */
export async function queueParticipationDecision(
  tx: Prisma.TransactionClient,
  _config: Config,
  participationId: number,
): Promise<void> {
  const participation = await tx.participation.findUniqueOrThrow({
    where: { id: participationId },
    select: { accepted: true, user: { select: { email: true } }, visit: { select: { title: true } } },
  });
  if (participation.accepted === null || !participation.user) return;
  const body = participation.accepted ? 'Participation confirmée.' : 'Participation non retenue.';
  await queueEmail(tx, {
    notification: participation.accepted ? 'accepted' : 'rejected',
    recipients: [participation.user.email],
    subject: `Participation à la sortie : ${participation.visit.title}`,
    html: `<p>${body}</p>`,
    text: body,
  });
}

/** SPEC 5.2: queues the withdrawal notice to the visits team; returns when and to whom. */
export async function queueAbandon(
  tx: Prisma.TransactionClient,
  config: Config,
  input: { userId: number; visitId: number; reason: string },
): Promise<{ queuedAt: Date; recipient: string }> {
  const recipient = config.mail.visitsTeamEmail!;
  const visit = await tx.visit.findUniqueOrThrow({ where: { id: input.visitId }, select: { title: true } });
  const queued = await queueEmail(tx, {
    notification: 'abandon',
    recipients: [recipient],
    subject: `Désistement à la sortie: ${visit.title}`,
    html: `<blockquote>${input.reason}</blockquote>`,
    text: input.reason,
  });
  return { queuedAt: queued.createdAt, recipient };
}
