// Who may read a user's personal data (lead decision S2, closing SPEC 9.1): the person
// themself, staff, superusers and tutors. Anonymous callers never do.
import type { Actor } from '../platform/auth.ts';

export function canSeePersonalData(actor: Actor, userId: number | null): boolean {
  const user = actor.user;
  if (!user) return false;
  return user.isStaff || user.isSuperuser || user.isTutor === true || (userId !== null && user.id === userId);
}
