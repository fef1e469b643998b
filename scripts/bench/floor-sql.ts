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

/** GET /api/schools/choices/: code and name of every school, by name (the registration form's list). */
export const FLOOR_SCHOOL_CHOICES_SQL = `
SELECT coalesce(json_agg(json_build_object('uai_code', uai_code, 'name', name) ORDER BY name, uai_code), '[]')::text AS body
FROM tutoring_school`;
