// Notifications of the visits domain (SPEC 5.2, 5.3), rendered from their templates and
// queued in the outbox within the caller's transaction.
import type { Prisma } from '@prisma/client';
import type { Config } from '../platform/config.ts';
import { queueNotification } from '../platform/mail/outbox.ts';
import { notificationKind } from '../platform/mail/render.ts';
import { abandonNotification } from './templates/abandon.ts';
import { acceptedNotification, rejectedNotification } from './templates/participation.ts';

export const visitNotifications = [
  notificationKind(abandonNotification),
  notificationKind(acceptedNotification),
  notificationKind(rejectedNotification),
];

/** SPEC 5.3: queues "accepted" or "rejected" for a participation whose `accepted` just changed. */
export async function queueParticipationDecision(
  tx: Prisma.TransactionClient,
  config: Config,
  participationId: number,
): Promise<void> {
  const participation = await tx.participation.findUniqueOrThrow({
    where: { id: participationId },
    select: {
      accepted: true,
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
  if (participation.accepted === null || !participation.user) return;
  const names = participation.visit.organizers.map((organizer) => organizer.tutor.user?.firstName ?? '').filter(Boolean);
  const { organizers: _organizers, ...visit } = participation.visit;
  await queueNotification(tx, config, participation.accepted ? acceptedNotification : rejectedNotification, {
    user: participation.user,
    visit,
    accepted: participation.accepted,
    organizers: [...new Set(names)],
  });
}

/**
 * SPEC 5.2: queues the withdrawal notice to the visits team; returns when it was queued
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
