// The visit list, the API's largest hot read (visits × participants), serialized by PostgreSQL:
// one statement returns each visit's JSON text but for its image URL, which only the storage
// can make (a presigned S3 URL, say), and Node glues the texts together. Decoding the rows into
// objects, then serializing them again, was about a third of the request's CPU under load
// (docs/benchmark.md, "The visit list serialized by PostgreSQL"). The renderings and rules are the SQL twins of the ones the other
// serializers use (platform/format-sql.ts, rules.ts), kept equal by their tests.
import type { Database } from '../platform/db.ts';
import { dateSql, dateTimeSql, jsonObjectSql, jsonOf, timeSql } from '../platform/format-sql.ts';
import type { Storage } from '../platform/storage.ts';
import { isPassedSql, registrationsOpenSql } from './rules.ts';

/**
 * `participants.ids` and `organizers.ids` of visit `v`: user ids ascending, as compact JSON
 * array texts (null for none). Also the benchmark's floor's (scripts/bench/floor-sql.ts).
 */
export const VISIT_ID_LISTS_JOINS = `LEFT JOIN (SELECT visit_id, '[' || string_agg(user_id::text, ',' ORDER BY user_id) || ']' AS ids
               FROM visits_participation WHERE user_id IS NOT NULL
               GROUP BY visit_id) participants ON participants.visit_id = v.id
    LEFT JOIN (SELECT o.visit_id, '[' || string_agg(t.user_id::text, ',' ORDER BY t.user_id) || ']' AS ids
               FROM visits_visitorganizer o JOIN profiles_tutor t ON t.id = o.tutor_id
               WHERE t.user_id IS NOT NULL
               GROUP BY o.visit_id) organizers ON organizers.visit_id = v.id`;

/**
 * The list shape's keys of visits row `v` (docs/api.md#visits) up to `organizers`, in the
 * original's order (place right after summary), as JSON text without its closing brace.
 * `now` is a timestamptz expression.
 */
export function visitListItemHeadSql(now: string): string {
  return jsonObjectSql(
    [
      ['id', jsonOf('v.id')],
      ['title', jsonOf('v.title')],
      ['summary', jsonOf('v.summary')],
      ['place', jsonOf('p.name')],
      ['date', jsonOf(dateSql('v.date'))],
      ['start_time', jsonOf(timeSql('v.start_time'))],
      ['end_time', jsonOf(timeSql('v.end_time'))],
      ['deadline', jsonOf(dateTimeSql('v.deadline'))],
      ['passed', jsonOf(isPassedSql('v', now))],
      ['registrations_open', jsonOf(registrationsOpenSql('v', now))],
      ['participants', "coalesce(participants.ids, '[]')"],
      ['organizers', "coalesce(organizers.ids, '[]')"],
    ],
    { open: true },
  );
}

interface VisitListItem {
  id: number;
  image: string | null;
  /** The item's JSON text up to `organizers`, without its closing brace. */
  head: string;
}

/** Visits by date then id (docs/decisions.md#data-model), at $1. Built once: see ACTOR_BY_ID (platform/auth.ts). */
const VISIT_LIST_ITEMS = `SELECT v.id, v.image, ${visitListItemHeadSql('$1::timestamptz')} AS head
    FROM visits_visit v
    LEFT JOIN visits_place p ON p.id = v.place_id
    ${VISIT_ID_LISTS_JOINS}
    ORDER BY v.date, v.id`;

function findVisitListItems(db: Pick<Database, 'query'>, now: Date): Promise<VisitListItem[]> {
  return db.query<VisitListItem>(VISIT_LIST_ITEMS, [now]);
}

/** GET /api/visits/'s body: the JSON text of the list shape (docs/api.md#visits). */
export async function visitListJsonText(
  db: Pick<Database, 'query'>,
  { origin, storage, now = new Date() }: { origin: string; storage: Storage; now?: Date },
): Promise<string> {
  const items = await findVisitListItems(db, now);
  const texts = await Promise.all(
    items.map(async ({ id, image, head }) => {
      const imageUrl = image ? await storage.fileUrl(image, origin) : null;
      return `${head},"image":${JSON.stringify(imageUrl)},"url":${JSON.stringify(`${origin}/api/visits/${id}/`)}}`;
    }),
  );
  return `[${texts.join(',')}]`;
}
