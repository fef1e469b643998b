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
  const viewer = personalDataViewer(actor);
  return viewer.seesEveryone || (userId !== null && viewer.userId === userId);
}

/** The viewer's half of canSeePersonalData, for its SQL twin (canSeePersonalDataSql). */
export function personalDataViewer(actor: Actor): { seesEveryone: boolean; userId: number | null } {
  const user = actor.user;
  return { seesEveryone: user !== null && (isStaff(actor) || user.isTutor === true), userId: user?.id ?? null };
}

/**
 * canSeePersonalData in SQL, for the user id expression `userId`: `seesEveryone` and `viewerId`
 * are the statement's parameters holding personalDataViewer's two values.
 */
export function canSeePersonalDataSql(userId: string, seesEveryone: string, viewerId: string): string {
  return `(${seesEveryone}::boolean OR coalesce(${userId} = ${viewerId}::integer, false))`;
}
