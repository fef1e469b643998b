// Tutoring rows to the API's JSON (docs/api.md#object-shapes, #schools). The TutoringGroup serializer is
// shared with the tutors and students sub-routes.
import type { Prisma } from '@prisma/client';
import { addressSelect, toAddressJson } from '../core/address.ts';
import { formatDate, formatTime } from '../platform/format.ts';
import type { SchoolJson, TutoringGroupJson, TutoringSessionJson } from './schemas.ts';

export function groupUrl(origin: string, id: number): string {
  return `${origin}/api/groups/${id}/`;
}

// Id lists are ordered by id (the original's were in storage order, docs/decisions.md#reference-data).
export const tutoringGroupSelect = {
  id: true,
  name: true,
  schoolId: true,
  memberships: { select: { tutorId: true }, orderBy: { tutorId: 'asc' } },
  students: { select: { id: true }, orderBy: { id: 'asc' } },
} satisfies Prisma.TutoringGroupSelect;
type TutoringGroupRow = Prisma.TutoringGroupGetPayload<{ select: typeof tutoringGroupSelect }>;

/** The model's ordering (name), then id so that equal names keep a stable order. */
export const tutoringGroupOrder = [{ name: 'asc' }, { id: 'asc' }] satisfies Prisma.TutoringGroupOrderByWithRelationInput[];

export function toTutoringGroupJson(row: TutoringGroupRow, origin: string): TutoringGroupJson {
  const tutors = row.memberships.map((membership) => membership.tutorId);
  const students = row.students.map((student) => student.id);
  return {
    id: row.id,
    name: row.name,
    tutors,
    students,
    school: row.schoolId,
    students_count: students.length,
    // docs/api.md#object-shapes: the number of membership rows.
    tutors_count: tutors.length,
    url: groupUrl(origin, row.id),
  };
}

export const schoolSelect = {
  uaiCode: true,
  name: true,
  address: { select: addressSelect },
  students: { select: { id: true }, orderBy: { id: 'asc' } },
} satisfies Prisma.SchoolSelect;
type SchoolRow = Prisma.SchoolGetPayload<{ select: typeof schoolSelect }>;

export const schoolOrder = [{ name: 'asc' }, { uaiCode: 'asc' }] satisfies Prisma.SchoolOrderByWithRelationInput[];

export function toSchoolJson(row: SchoolRow, origin: string): SchoolJson {
  const students = row.students.map((student) => student.id);
  return {
    uai_code: row.uaiCode,
    name: row.name,
    address: toAddressJson(row.address),
    students,
    students_count: students.length,
    url: `${origin}/api/schools/${encodeURIComponent(row.uaiCode)}/`,
  };
}

export const tutoringSessionSelect = {
  id: true,
  date: true,
  startTime: true,
  endTime: true,
  tutoringGroupId: true,
} satisfies Prisma.TutoringSessionSelect;
type TutoringSessionRow = Prisma.TutoringSessionGetPayload<{ select: typeof tutoringSessionSelect }>;

export const tutoringSessionOrder = [
  { date: 'asc' },
  { startTime: 'asc' },
  { id: 'asc' },
] satisfies Prisma.TutoringSessionOrderByWithRelationInput[];

export function toTutoringSessionJson(row: TutoringSessionRow, origin: string): TutoringSessionJson {
  return {
    id: row.id,
    date: formatDate(row.date),
    start_time: formatTime(row.startTime),
    end_time: formatTime(row.endTime),
    tutoring_group: groupUrl(origin, row.tutoringGroupId),
    url: `${origin}/api/sessions/${row.id}/`,
  };
}
