// Computed visit fields (docs/api.md#visits), with their SQL twins for the list that PostgreSQL
// serializes (visit-list-query.ts; rules-sql.test.ts keeps each pair equal).
import { parisInstant, TIME_ZONE } from '../platform/format.ts';

/** docs/api.md#visits: open while now < deadline (strict). */
export function registrationsOpen(visit: { deadline: Date }, now = new Date()): boolean {
  return now.getTime() < visit.deadline.getTime();
}

/** registrationsOpen as an SQL condition on visits row `v`, `now` being a timestamptz expression. */
export function registrationsOpenSql(v: string, now: string): string {
  return `${now} < ${v}.deadline`;
}

/** The same rule as a query: the visits whose registrations are open (or closed) at `now`. */
export function registrationsWhere(open: boolean, now = new Date()): { deadline: { gt: Date } | { lte: Date } } {
  return { deadline: open ? { gt: now } : { lte: now } };
}

/**
 * docs/api.md#visits, rewrite formula: the visit's end, date + end time in Paris, is
 * before now. An end time not after the start time means the visit ends after midnight.
 */
export function isPassed(visit: { date: Date; startTime: Date; endTime: Date }, now = new Date()): boolean {
  const overnight = visit.endTime.getTime() % 86_400_000 <= visit.startTime.getTime() % 86_400_000;
  const endDate = overnight ? new Date(visit.date.getTime() + 86_400_000) : visit.date;
  return parisInstant(endDate, visit.endTime).getTime() < now.getTime();
}

/** isPassed as an SQL condition on visits row `v`, `now` being a timestamptz expression. */
export function isPassedSql(v: string, now: string): string {
  const endDate = `${v}.date + CASE WHEN ${v}.end_time <= ${v}.start_time THEN 1 ELSE 0 END`;
  return `((${endDate}) + ${v}.end_time) AT TIME ZONE '${TIME_ZONE}' < ${now}`;
}
