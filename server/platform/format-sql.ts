// The SQL twins of format.ts, for the reads whose JSON PostgreSQL writes itself (the visit
// list, docs/decisions.md#performance): each renders a column exactly as its JavaScript twin
// renders the value Prisma would give, whatever the session's time zone. format-sql.test.ts
// keeps every pair equal on both databases.
import { TIME_ZONE } from './format.ts';

/** A JSON text (quoted string, number, boolean, or `null`) of any SQL expression. */
export const jsonOf = (expression: string) => `coalesce(to_json(${expression})::text, 'null')`;

/** formatDate of a DATE column: `YYYY-MM-DD`. */
export const dateSql = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;

/** formatTime of a TIME column: `HH:MM:SS`, plus the milliseconds as `.mmm000` when there are any. */
export const timeSql = (column: string) =>
  `to_char(${column}, 'HH24:MI:SS') || CASE WHEN date_trunc('milliseconds', ${column}) <> date_trunc('second', ${column})
     THEN to_char(${column}, '.MS') || '000' ELSE '' END`;

/** formatDateTime of a TIMESTAMPTZ column: Paris wall clock, `.uuuuuu` when not whole seconds, Paris's offset. */
export const dateTimeSql = (column: string) => {
  const offset = `((${column} AT TIME ZONE '${TIME_ZONE}') - (${column} AT TIME ZONE 'UTC'))`;
  return `to_char(${column} AT TIME ZONE '${TIME_ZONE}', 'YYYY-MM-DD"T"HH24:MI:SS')
    || CASE WHEN date_trunc('second', ${column}) <> ${column} THEN to_char(${column}, '.US') ELSE '' END
    || CASE WHEN ${offset} < interval '0' THEN '' ELSE '+' END || to_char(${offset}, 'HH24:MI')`;
};

/**
 * An SQL expression giving the compact JSON text of an object with these keys in this order
 * (JSON.stringify's bytes). Values are SQL expressions already rendering JSON text: wrap
 * plain values in jsonOf. `open` leaves off the closing brace, for keys the caller appends;
 * `continues` leaves off the opening one, for keys that follow the caller's.
 */
export function jsonObjectSql(
  fields: readonly (readonly [key: string, jsonText: string])[],
  { open = false, continues = false } = {},
): string {
  const parts = fields.map(([key, jsonText], index) => `'${index === 0 && !continues ? '{' : ','}${JSON.stringify(key)}:' || ${jsonText}`);
  return `${parts.join('\n    || ')}${open ? '' : " || '}'"}`;
}
