// The visit detail in one statement: the visit, its place and address, its participations
// and organizers with their users, on the pool without Prisma (npm run bench: Prisma's nested
// select cost ~4 ms of CPU per detail, and it reads the deadline to the millisecond only, which
// needed a second statement). GET /api/visits/{id}/ has PostgreSQL write most of its answer's
// JSON text, as the list does (decoding the nested rows, then serializing them again, was a
// fifth of the endpoint's server CPU, docs/benchmark.md); /api/students/{id}/visits/ reads rows of the
// shape of Prisma's `visitDetailSelect` for the same serializer, its JavaScript twin
// (docs/decisions.md#performance).
import { parseDate, type Database } from '../platform/db.ts';
import { dateSql, dateTimeSql, jsonObjectSql, jsonOf, timeSql } from '../platform/format-sql.ts';
import { withoutUnsafeUrls } from '../platform/markdown.ts';
import { personalDataViewer } from '../platform/permissions.ts';
import { userSummaryJsonSql } from '../users/serializers.ts';
import { isPassedSql, registrationsOpenSql } from './rules.ts';
import { fileUrl, toPlaceJson, type SerializeOptions, type VisitDetailRow } from './serializers.ts';

/** `userSummarySelect` (users/serializers.ts) of users row `u`, as a JSON object (null without a user). */
const USER_SUMMARY = `CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object(
  'id', u.id, 'email', u.email, 'profileType', u.profile_type, 'firstName', u.first_name,
  'lastName', u.last_name, 'gender', u.gender, 'phoneNumber', u.phone_number, 'dateOfBirth', u.date_of_birth) END`;

/** `placeSelect` (serializers.ts) of places row `p` and its address `a`, as a JSON object (null without a place). */
const PLACE = `CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object(
  'id', p.id, 'name', p.name, 'description', p.description,
  'address', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object(
    'line1', a.line1, 'line2', a.line2, 'postCode', a.post_code, 'city', a.city, 'country', a.country) END) END`;

const PLACE_JOINS = `LEFT JOIN visits_place p ON p.id = v.place_id
  LEFT JOIN core_address a ON a.id = p.address_id`;

const SELECT_DETAIL = `
  SELECT v.id, v.title, v.summary, v.description, v.date, v.start_time AS "startTime", v.end_time AS "endTime",
         v.deadline, v.image, v.fact_sheet AS "factSheet", v.meeting, v.permission,
         ${PLACE} AS place,
         coalesce((SELECT json_agg(json_build_object('id', pa.id, 'visitId', pa.visit_id, 'present', pa.present,
                                                    'accepted', pa.accepted, 'user', ${USER_SUMMARY}) ORDER BY pa.id)
                   FROM visits_participation pa LEFT JOIN users_user u ON u.id = pa.user_id
                   WHERE pa.visit_id = v.id), '[]') AS participations,
         coalesce((SELECT json_agg(json_build_object('tutor', json_build_object('id', t.id, 'user', ${USER_SUMMARY})) ORDER BY o.tutor_id)
                   FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id LEFT JOIN users_user u ON u.id = t.user_id
                   WHERE o.visit_id = v.id), '[]') AS organizers
  FROM visits_visit v
  ${PLACE_JOINS}`;

// Built once: see ACTOR_BY_ID (platform/auth.ts).
const SELECT_DETAIL_BY_ID = `${SELECT_DETAIL} WHERE v.id = $1`;

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
  const [row] = await db.query<VisitDetailRow>(SELECT_DETAIL_BY_ID, [id]);
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

// ─── The detail's JSON text (GET /api/visits/{id}/) ──────────────────────────
// Parameters: $1 the id, $2 the origin, $3 now, $4 and $5 personalDataViewer's values.

const USER_SUMMARY_JSON = userSummaryJsonSql('u', { origin: '$2', seesEveryone: '$4', viewerId: '$5' });

/** toVisitDetailJson's keys from `date` to `organizers`, continuing the object, left open. */
const DETAIL_MIDDLE_JSON = jsonObjectSql(
  [
    ['date', jsonOf(dateSql('v.date'))],
    ['start_time', jsonOf(timeSql('v.start_time'))],
    ['end_time', jsonOf(timeSql('v.end_time'))],
    ['meeting', jsonOf('v.meeting')],
    ['deadline', jsonOf(dateTimeSql('v.deadline'))],
    ['passed', jsonOf(isPassedSql('v', '$3::timestamptz'))],
    ['registrations_open', jsonOf(registrationsOpenSql('v', '$3::timestamptz'))],
    [
      'participants',
      `coalesce((SELECT '[' || string_agg(${jsonObjectSql([
        ['id', jsonOf('pa.id')],
        ['user', USER_SUMMARY_JSON],
        ['visit', jsonOf('pa.visit_id')],
        ['present', jsonOf('pa.present')],
        ['accepted', jsonOf('pa.accepted')],
      ])}, ',' ORDER BY pa.id) || ']'
        FROM visits_participation pa LEFT JOIN users_user u ON u.id = pa.user_id
        WHERE pa.visit_id = v.id), '[]')`,
    ],
    [
      'organizers',
      `coalesce((SELECT '[' || string_agg(${jsonObjectSql([
        ['id', jsonOf('t.id')],
        ['user', USER_SUMMARY_JSON],
      ])}, ',' ORDER BY o.tutor_id) || ']'
        FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id LEFT JOIN users_user u ON u.id = t.user_id
        WHERE o.visit_id = v.id), '[]')`,
    ],
  ],
  { open: true, continues: true },
);

/**
 * The detail's JSON text in two pieces (`head`, `middle`), and the columns of what only JavaScript
 * renders, which visitDetailJsonText inserts around them: the description's unsafe URLs, the
 * place (its country's name, its Markdown), the storage's file URLs.
 */
const SELECT_DETAIL_TEXT_BY_ID = `
  SELECT v.id, v.image, v.fact_sheet AS "factSheet", v.permission, v.description, ${PLACE} AS place,
         ${jsonObjectSql(
           [
             ['id', jsonOf('v.id')],
             ['title', jsonOf('v.title')],
             ['summary', jsonOf('v.summary')],
           ],
           { open: true },
         )} AS head,
         ${DETAIL_MIDDLE_JSON} AS middle
  FROM visits_visit v
  ${PLACE_JOINS}
  WHERE v.id = $1`;

interface VisitDetailTextRow extends Pick<VisitDetailRow, 'id' | 'image' | 'factSheet' | 'permission' | 'description' | 'place'> {
  /** `{"id":…,"title":…,"summary":…` */
  head: string;
  /** `,"date":…` up to the organizers' array. */
  middle: string;
}

/** GET /api/visits/{id}/'s body, exactly JSON.stringify(toVisitDetailJson(…)); null for an unknown id. */
export async function visitDetailJsonText(
  db: Pick<Database, 'query'>,
  id: number,
  { origin, viewer, storage, now = new Date() }: SerializeOptions,
): Promise<string | null> {
  const { seesEveryone, userId } = personalDataViewer(viewer);
  const [row] = await db.query<VisitDetailTextRow>(SELECT_DETAIL_TEXT_BY_ID, [id, origin, now, seesEveryone, userId]);
  if (!row) return null;
  const [image, factSheet, permission] = await Promise.all([
    fileUrl(storage, row.image, origin),
    fileUrl(storage, row.factSheet, origin),
    fileUrl(storage, row.permission, origin),
  ]);
  const description = JSON.stringify(withoutUnsafeUrls(row.description));
  const place = JSON.stringify(row.place ? toPlaceJson(row.place, origin) : null);
  const url = JSON.stringify(`${origin}/api/visits/${row.id}/`);
  return `${row.head},"description":${description},"place":${place}${row.middle},"image":${JSON.stringify(image)},"fact_sheet":${JSON.stringify(factSheet)},"permission":${JSON.stringify(permission)},"url":${url}}`;
}
