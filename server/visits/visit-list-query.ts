// The visit list in one statement: the id lists are aggregated by PostgreSQL, so that the
// largest list of the API (visits × participants) builds no per-row objects in Node
// (npm run bench: Prisma's nested select cost 4× the CPU of this query).
import type { PrismaClient } from '@prisma/client';

export interface VisitListRow {
  id: number;
  title: string;
  summary: string;
  date: Date;
  startTime: Date;
  endTime: Date;
  deadline: Date;
  image: string | null;
  placeName: string | null;
  /** User ids of all participations, ascending. */
  participantIds: number[];
  /** User ids of the organising tutors, ascending. */
  organizerUserIds: number[];
}

/** Visits by date then id (SPEC 2.13), with what the list shape needs (SPEC 3.11). */
export function findVisitListRows(prisma: PrismaClient): Promise<VisitListRow[]> {
  return prisma.$queryRaw<VisitListRow[]>`
    SELECT v.id, v.title, v.summary, v.date, v.start_time AS "startTime", v.end_time AS "endTime",
           v.deadline, v.image, p.name AS "placeName",
           coalesce((SELECT array_agg(pa.user_id ORDER BY pa.user_id) FROM visits_participation pa
                     WHERE pa.visit_id = v.id AND pa.user_id IS NOT NULL), '{}') AS "participantIds",
           coalesce((SELECT array_agg(t.user_id ORDER BY t.user_id) FROM visits_visitorganizer o
                     JOIN profiles_tutor t ON t.id = o.tutor_id
                     WHERE o.visit_id = v.id AND t.user_id IS NOT NULL), '{}') AS "organizerUserIds"
    FROM visits_visit v
    LEFT JOIN visits_place p ON p.id = v.place_id
    ORDER BY v.date, v.id`;
}
