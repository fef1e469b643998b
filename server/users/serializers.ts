// User rows to the API's UserSummary (docs/api.md#object-shapes), shared by every resource embedding a user.
import type { Prisma } from '@prisma/client';
import type { Actor } from '../platform/auth.ts';
import { formatDate } from '../platform/format.ts';
import { dateSql, jsonObjectSql, jsonOf } from '../platform/format-sql.ts';
import { canSeePersonalData, canSeePersonalDataSql } from '../platform/permissions.ts';
import type { UserSummaryJson } from './schemas.ts';

export const userSummarySelect = {
  id: true,
  email: true,
  profileType: true,
  firstName: true,
  lastName: true,
  gender: true,
  phoneNumber: true,
  dateOfBirth: true,
} satisfies Prisma.UserSelect;
export type UserSummaryRow = Prisma.UserGetPayload<{ select: typeof userSummarySelect }>;

export function userUrl(origin: string, id: number): string {
  return `${origin}/api/users/${id}/`;
}

/** `viewer` decides whether phone number and date of birth are shown (docs/decisions.md#security-fixes, S2). */
export function toUserSummaryJson(row: UserSummaryRow, origin: string, viewer: Actor): UserSummaryJson {
  const personal = canSeePersonalData(viewer, row.id);
  return {
    id: row.id,
    email: row.email,
    profile_type: row.profileType as UserSummaryJson['profile_type'],
    first_name: row.firstName,
    last_name: row.lastName,
    gender: row.gender as UserSummaryJson['gender'],
    phone_number: personal ? row.phoneNumber : null,
    date_of_birth: personal ? formatDate(row.dateOfBirth) : null,
    url: userUrl(origin, row.id),
  };
}

/**
 * toUserSummaryJson's SQL twin, for statements that write their answer's JSON text: users row
 * `u`'s summary, `null` without a row. `origin`, `seesEveryone` and `viewerId` name the
 * statement's parameters (the last two: personalDataViewer's values).
 */
export function userSummaryJsonSql(u: string, params: { origin: string; seesEveryone: string; viewerId: string }): string {
  const personal = canSeePersonalDataSql(`${u}.id`, params.seesEveryone, params.viewerId);
  return `CASE WHEN ${u}.id IS NULL THEN 'null' ELSE ${jsonObjectSql([
    ['id', jsonOf(`${u}.id`)],
    ['email', jsonOf(`${u}.email`)],
    ['profile_type', jsonOf(`${u}.profile_type`)],
    ['first_name', jsonOf(`${u}.first_name`)],
    ['last_name', jsonOf(`${u}.last_name`)],
    ['gender', jsonOf(`${u}.gender`)],
    ['phone_number', jsonOf(`CASE WHEN ${personal} THEN ${u}.phone_number END`)],
    ['date_of_birth', jsonOf(`CASE WHEN ${personal} THEN ${dateSql(`${u}.date_of_birth`)} END`)],
    ['url', jsonOf(`${params.origin}::text || '/api/users/' || ${u}.id || '/'`)],
  ])} END`;
}
