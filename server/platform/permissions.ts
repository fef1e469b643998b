// Who the caller is, as the predicates every domain shares (docs/decisions.md, "Who may do
// what"). Endpoints name one in their `allow`; services combine them with the object they load.
import type { Actor } from './auth.ts';

/** Staff and superusers. */
export function isStaff(actor: Actor): boolean {
  return Boolean(actor.user && (actor.user.isStaff || actor.user.isSuperuser));
}

/**
 * Reading a user's personal data: the person themself, staff, superusers and tutors.
 * Anonymous callers never do (minors' data).
 */
export function canSeePersonalData(actor: Actor, userId: number | null): boolean {
  const user = actor.user;
  if (!user) return false;
  return isStaff(actor) || user.isTutor === true || (userId !== null && user.id === userId);
}
