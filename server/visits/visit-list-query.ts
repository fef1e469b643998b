// The visit list in one statement: the id lists are aggregated by PostgreSQL (one grouped
// pass over the participations, not a sub-select per visit) and arrive as JSON, so that the
// largest list of the API (visits × participants) builds no per-row objects in Node. It runs
// on the pool without Prisma (npm run bench: Prisma's handling of these rows cost 4× the CPU).
import type { Database } from '../platform/db.ts';

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

/**
 * `participants.ids` and `organizers.ids` of visit `v`: user ids as JSON arrays, ascending
 * (null for none). Also the benchmark's floor's (scripts/bench/floor-sql.ts).
 */
export const VISIT_ID_LISTS_JOINS = `LEFT JOIN (SELECT visit_id, json_agg(user_id ORDER BY user_id) AS ids
               FROM visits_participation WHERE user_id IS NOT NULL
               GROUP BY visit_id) participants ON participants.visit_id = v.id
    LEFT JOIN (SELECT o.visit_id, json_agg(t.user_id ORDER BY t.user_id) AS ids
               FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id
               WHERE t.user_id IS NOT NULL
               GROUP BY o.visit_id) organizers ON organizers.visit_id = v.id`;

/** Visits by date then id (docs/decisions.md#data-model), with what the list shape needs (docs/api.md#visits). */
export function findVisitListRows(db: Pick<Database, 'query'>): Promise<VisitListRow[]> {
  return db.query<VisitListRow>(`
    SELECT v.id, v.title, v.summary, v.date, v.start_time AS "startTime", v.end_time AS "endTime",
           v.deadline, v.image, p.name AS "placeName",
           coalesce(participants.ids, '[]') AS "participantIds",
           coalesce(organizers.ids, '[]') AS "organizerUserIds"
    FROM visits_visit v
    LEFT JOIN visits_place p ON p.id = v.place_id
    ${VISIT_ID_LISTS_JOINS}
    ORDER BY v.date, v.id`);
}
