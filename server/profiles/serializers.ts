// Tutor and student rows to the API's JSON (docs/api.md#tutors, #students). Students' address, emergency
// contact and registration are personal data (docs/decisions.md#security-fixes, S2).
import type { Prisma } from '@prisma/client';
import { toAddressJson } from '../core/address.ts';
import type { Actor } from '../platform/auth.ts';
import { formatDateTime } from '../platform/format.ts';
import { toEmergencyContactJson } from '../register/serializers.ts';
import { canSeePersonalData } from '../platform/permissions.ts';
import { toUserSummaryJson, userSummarySelect } from '../users/serializers.ts';
import type { StudentJson, TutorJson } from './schemas.ts';
import type { StudentRow } from './student-query.ts';

export const tutorSelect = {
  id: true,
  promotion: true,
  user: { select: userSummarySelect },
  memberships: { select: { tutoringGroupId: true }, orderBy: { tutoringGroupId: 'asc' } },
} satisfies Prisma.TutorSelect;
type TutorRow = Prisma.TutorGetPayload<{ select: typeof tutorSelect }>;

export function toTutorJson(row: TutorRow, origin: string, viewer: Actor): TutorJson {
  return {
    user: row.user ? toUserSummaryJson(row.user, origin, viewer) : null,
    promotion: row.promotion,
    tutoring_groups: row.memberships.map((membership) => membership.tutoringGroupId),
    url: `${origin}/api/tutors/${row.id}/`,
  };
}

export function toStudentJson(row: StudentRow, origin: string, viewer: Actor): StudentJson {
  const registration = canSeePersonalData(viewer, row.userId) ? row.registration : null;
  return {
    user_id: row.userId,
    user: row.user ? toUserSummaryJson(row.user, origin, viewer) : null,
    address: toAddressJson(registration?.address ?? null),
    tutoring_group: row.tutoringGroupId,
    school: row.schoolId,
    emergency_contact: toEmergencyContactJson(registration?.emergencyContact ?? null),
    registration: registration && {
      id: registration.id,
      submitted: formatDateTime(registration.submitted),
      validated: registration.validated,
    },
    visits: row.visitIds,
    url: `${origin}/api/students/${row.id}/`,
  };
}
