// The floor's one statement: the whole GET /api/visits/ body (docs/api.md#visits list shape) built
// by PostgreSQL as JSON text. Run with the session time zone set to Europe/Paris, so that
// `TZH:TZM` renders the deadline's offset as the API does (docs/api.md#conventions). $1 is the origin
// (`<scheme>://<host>`) that absolute URLs start with. The id lists come from the API's own
// joins (one grouped pass each, server/visits/visit-list-query.ts), so that the floor is
// the best single statement, not a slower one.

import { VISIT_ID_LISTS_JOINS } from '../../server/visits/visit-list-query.ts';

/** `HH:MM:SS`, plus `.ffffff` only when there is a fraction (docs/api.md#conventions). */
function time(column: string): string {
  return `to_char(${column}, 'HH24:MI:SS') || CASE WHEN date_trunc('second', ${column}) <> ${column} THEN to_char(${column}, '.US') ELSE '' END`;
}

/** Europe/Paris with offset; JavaScript keeps milliseconds, so the API pads them: `.998000`. */
function dateTime(column: string): string {
  return `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN date_trunc('milliseconds', ${column}) <> date_trunc('second', ${column})
            THEN to_char(${column}, '.MS') || '000' ELSE '' END
    || to_char(${column}, 'TZH:TZM')`;
}

export const FLOOR_VISITS_SQL = `
SELECT coalesce(json_agg(json_build_object(
  'id', v.id,
  'title', v.title,
  'summary', v.summary,
  'place', p.name,
  'date', to_char(v.date, 'YYYY-MM-DD'),
  'start_time', ${time('v.start_time')},
  'end_time', ${time('v.end_time')},
  'deadline', ${dateTime('v.deadline')},
  'passed', ((v.date + v.end_time) AT TIME ZONE 'Europe/Paris') < now(),
  'registrations_open', now() < v.deadline,
  'participants', coalesce(participants.ids, '[]'),
  'organizers', coalesce(organizers.ids, '[]'),
  'image', CASE WHEN coalesce(v.image, '') <> '' THEN $1 || '/media/' || v.image END,
  'url', $1 || '/api/visits/' || v.id || '/'
) ORDER BY v.date, v.id), '[]')::text AS body
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
  'date', to_char(v.date, 'YYYY-MM-DD'),
  'start_time', ${time('v.start_time')},
  'end_time', ${time('v.end_time')},
  'meeting', v.meeting,
  'deadline', ${dateTime('v.deadline')},
  'passed', ((v.date + v.end_time) AT TIME ZONE 'Europe/Paris') < now(),
  'registrations_open', now() < v.deadline,
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
