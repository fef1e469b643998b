// Notifications of the visits domain (docs/decisions.md#emails), rendered from their templates and
// queued in the outbox within the caller's transaction.
import type { Prisma } from '@prisma/client';
import type { Config } from '../platform/config.ts';
import { queueNotification, queueNotifications } from '../platform/mail/outbox.ts';
import { notificationKind } from '../platform/mail/render.ts';
import { abandonNotification } from './templates/abandon.ts';
import { acceptedNotification, rejectedNotification } from './templates/participation.ts';

export const visitNotifications = [
  notificationKind(abandonNotification),
  notificationKind(acceptedNotification),
  notificationKind(rejectedNotification),
];

/**
 * Queues "accepted" or "rejected" (docs/api.md, emails) for participations whose `accepted`
 * just became `accepted`: one read and one insert, whatever their number.
 */
export async function queueParticipationDecisions(
  tx: Prisma.TransactionClient,
  config: Config,
  participationIds: number[],
  accepted: boolean,
): Promise<void> {
  if (participationIds.length === 0) return;
  const participations = await tx.participation.findMany({
    where: { id: { in: participationIds } },
    orderBy: { id: 'asc' },
    select: {
      user: { select: { firstName: true, email: true } },
      visit: {
        select: {
          id: true,
          title: true,
          date: true,
          organizers: { select: { tutor: { select: { user: { select: { firstName: true } } } } }, orderBy: { id: 'asc' } },
        },
      },
    },
  });
  const emails = participations.flatMap(({ user, visit: { organizers, ...visit } }) => {
    if (!user) return [];
    const names = organizers.map((organizer) => organizer.tutor.user?.firstName ?? '').filter(Boolean);
    return [{ user, visit, accepted, organizers: [...new Set(names)] }];
  });
  await queueNotifications(tx, config, accepted ? acceptedNotification : rejectedNotification, emails);
}

/**
 * docs/decisions.md#emails: queues the withdrawal notice to the visits team; returns when it was queued
 * (null when MAILS_ENABLED is false: the API then answers `sent: null`) and to whom.
 */
export async function queueAbandon(
  tx: Prisma.TransactionClient,
  config: Config,
  input: { userId: number; visitId: number; reason: string },
): Promise<{ queuedAt: Date | null; recipient: string }> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: input.userId },
    select: { firstName: true, lastName: true, email: true },
  });
  const visit = await tx.visit.findUniqueOrThrow({ where: { id: input.visitId }, select: { id: true, title: true, date: true } });
  const queued = await queueNotification(tx, config, abandonNotification, { user, visit, reason: input.reason });
  return { queuedAt: queued.queuedAt, recipient: queued.recipients[0]! };
}
