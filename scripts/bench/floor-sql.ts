// The floors' single statements, each building a whole body (docs/api.md) as JSON text in
// PostgreSQL. $1 is the origin (`<scheme>://<host>`) that absolute URLs start with. The visit
// list's items are the API's own SQL (server/visits/visit-list-query.ts), so that the floor is
// the best single statement, not a slower one; the floor also makes the image URLs in SQL.

import { dateSql, dateTimeSql, timeSql } from '../../server/platform/format-sql.ts';
import { isPassedSql, registrationsOpenSql } from '../../server/visits/rules.ts';
import { VISIT_ID_LISTS_JOINS, visitListItemHeadSql } from '../../server/visits/visit-list-query.ts';

/** A media URL ($1 the origin) as JSON text, `null` for an empty file field. */
const mediaJson = (column: string) =>
  `CASE WHEN coalesce(${column}, '') <> '' THEN to_json($1 || '/media/' || ${column})::text ELSE 'null' END`;

export const FLOOR_VISITS_SQL = `
SELECT '[' || coalesce(string_agg(${visitListItemHeadSql('now()')}
    || ',"image":' || ${mediaJson('v.image')} || ',"url":' || to_json($1 || '/api/visits/' || v.id || '/')::text || '}',
  ',' ORDER BY v.date, v.id), '') || ']' AS body
FROM visits_visit v
LEFT JOIN visits_place p ON p.id = v.place_id
${VISIT_ID_LISTS_JOINS}`;

/** The API's user summary (docs/api.md#users) of users row `u`, seen by staff; $1 is the origin. */
const USER_SUMMARY = `CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object(
  'id', u.id, 'email', u.email, 'profile_type', u.profile_type, 'first_name', u.first_name, 'last_name', u.last_name,
  'gender', u.gender, 'phone_number', u.phone_number, 'date_of_birth', to_char(u.date_of_birth, 'YYYY-MM-DD'),
  'url', $1 || '/api/users/' || u.id || '/') END`;

/** A media URL ($1 the origin), null for an empty file field. */
const media = (column: string) => `CASE WHEN coalesce(${column}, '') <> '' THEN $1 || '/media/' || ${column} END`;

/**
 * GET /api/visits/{id}/ (docs/api.md#visits detail shape): $1 the origin, $2 the id. Markdown is
 * left as stored (the API rewrites image URLs) and the country's name is its code, so this floor
 * does a little less than the API.
 */
export const FLOOR_VISIT_DETAIL_SQL = `
SELECT json_build_object(
  'id', v.id,
  'title', v.title,
  'summary', v.summary,
  'description', v.description,
  'place', CASE WHEN p.id IS NOT NULL THEN json_build_object(
    'id', p.id, 'name', p.name,
    'address', CASE WHEN a.id IS NOT NULL THEN json_build_object(
      'line1', a.line1, 'line2', a.line2, 'post_code', a.post_code, 'city', a.city,
      'country', json_build_object('code', a.country, 'name', a.country)) END,
    'description', p.description) END,
  'date', ${dateSql('v.date')},
  'start_time', ${timeSql('v.start_time')},
  'end_time', ${timeSql('v.end_time')},
  'meeting', v.meeting,
  'deadline', ${dateTimeSql('v.deadline')},
  'passed', ${isPassedSql('v', 'now()')},
  'registrations_open', ${registrationsOpenSql('v', 'now()')},
  'participants', coalesce((SELECT json_agg(json_build_object(
      'id', pa.id, 'user', ${USER_SUMMARY}, 'visit', pa.visit_id, 'present', pa.present, 'accepted', pa.accepted) ORDER BY pa.id)
    FROM visits_participation pa LEFT JOIN users_user u ON u.id = pa.user_id WHERE pa.visit_id = v.id), '[]'),
  'organizers', coalesce((SELECT json_agg(json_build_object('id', t.id, 'user', ${USER_SUMMARY}) ORDER BY t.id)
    FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id LEFT JOIN users_user u ON u.id = t.user_id
    WHERE o.visit_id = v.id), '[]'),
  'image', ${media('v.image')},
  'fact_sheet', ${media('v.fact_sheet')},
  'permission', ${media('v.permission')},
  'url', $1 || '/api/visits/' || v.id || '/'
)::text AS body
FROM visits_visit v
LEFT JOIN visits_place p ON p.id = v.place_id
LEFT JOIN core_address a ON a.id = p.address_id
WHERE v.id = $2`;

/** GET /api/schools/choices/: code and name of every school, by name (the registration form's list). */
export const FLOOR_SCHOOL_CHOICES_SQL = `
SELECT coalesce(json_agg(json_build_object('uai_code', uai_code, 'name', name) ORDER BY name, uai_code), '[]')::text AS body
FROM tutoring_school`;
