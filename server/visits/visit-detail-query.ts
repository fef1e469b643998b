// The visit detail in one statement: the visit, its place and address, its participations
// and organizers with their users, nested as JSON by PostgreSQL, on the pool without Prisma
// (npm run bench: Prisma's nested select cost ~4 ms of CPU per detail, and it reads the
// deadline to the millisecond only, which needed a second statement). The rows have the shape
// of Prisma's `visitDetailSelect`, so the serializer is the same (docs/decisions.md#performance).
import { parseDate, type Database } from '../platform/db.ts';
import type { VisitDetailRow } from './serializers.ts';

/** `userSummarySelect` (users/serializers.ts) of users row `u`, as a JSON object (null without a user). */
const USER_SUMMARY = `CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object(
  'id', u.id, 'email', u.email, 'profileType', u.profile_type, 'firstName', u.first_name,
  'lastName', u.last_name, 'gender', u.gender, 'phoneNumber', u.phone_number, 'dateOfBirth', u.date_of_birth) END`;

const SELECT_DETAIL = `
  SELECT v.id, v.title, v.summary, v.description, v.date, v.start_time AS "startTime", v.end_time AS "endTime",
         v.deadline, v.image, v.fact_sheet AS "factSheet", v.meeting, v.permission,
         CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object(
           'id', p.id, 'name', p.name, 'description', p.description,
           'address', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object(
             'line1', a.line1, 'line2', a.line2, 'postCode', a.post_code, 'city', a.city, 'country', a.country) END) END AS place,
         coalesce((SELECT json_agg(json_build_object('id', pa.id, 'visitId', pa.visit_id, 'present', pa.present,
                                                    'accepted', pa.accepted, 'user', ${USER_SUMMARY}) ORDER BY pa.id)
                   FROM visits_participation pa LEFT JOIN users_user u ON u.id = pa.user_id
                   WHERE pa.visit_id = v.id), '[]') AS participations,
         coalesce((SELECT json_agg(json_build_object('tutor', json_build_object('id', t.id, 'user', ${USER_SUMMARY})) ORDER BY o.tutor_id)
                   FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id LEFT JOIN users_user u ON u.id = t.user_id
                   WHERE o.visit_id = v.id), '[]') AS organizers
  FROM visits_visit v
  LEFT JOIN visits_place p ON p.id = v.place_id
  LEFT JOIN core_address a ON a.id = p.address_id`;

/** Nested JSON carries dates as text: back to the Date Prisma gives (UTC midnight). */
function withDates(row: VisitDetailRow): VisitDetailRow {
  for (const { user } of row.participations) if (user?.dateOfBirth) user.dateOfBirth = parseDate(user.dateOfBirth as unknown as string);
  for (const { tutor } of row.organizers) {
    if (tutor.user?.dateOfBirth) tutor.user.dateOfBirth = parseDate(tutor.user.dateOfBirth as unknown as string);
  }
  return row;
}

/** One visit in the detail shape's rows, or null. */
export async function findVisitDetailRow(db: Pick<Database, 'query'>, id: number): Promise<VisitDetailRow | null> {
  const [row] = await db.query<VisitDetailRow>(`${SELECT_DETAIL} WHERE v.id = $1`, [id]);
  return row ? withDates(row) : null;
}

/** The visits a user takes part in, in the original's order: by date, ties by id (docs/decisions.md#data-model). */
export async function findVisitDetailRowsOfParticipant(db: Pick<Database, 'query'>, userId: number): Promise<VisitDetailRow[]> {
  const rows = await db.query<VisitDetailRow>(
    `${SELECT_DETAIL}
     WHERE EXISTS (SELECT 1 FROM visits_participation mine WHERE mine.visit_id = v.id AND mine.user_id = $1)
     ORDER BY v.date, v.id`,
    [userId],
  );
  return rows.map(withDates);
}
