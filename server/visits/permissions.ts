// Who may act on participations (docs/decisions.md#security-fixes, S3–S5): a user acts for
// themself; staff (and superusers) act for anyone and set `accepted`/`present`.
import type { Actor } from '../platform/auth.ts';
import { isStaff } from '../platform/permissions.ts';

/** Signing up `userId` to a visit, or telling the team that `userId` withdraws. */
export function canActFor(actor: Actor, userId: number): boolean {
  return isStaff(actor) || actor.user?.id === userId;
}

/** Deleting a participation: its user, or staff. */
export function canDeleteParticipation(actor: Actor, participation: { userId: number | null }): boolean {
  return isStaff(actor) || (participation.userId !== null && actor.user?.id === participation.userId);
}

/** Signing up after the deadline: staff only (S6). */
export function canJoinClosedVisit(actor: Actor): boolean {
  return isStaff(actor);
}
