// Computed visit fields (SPEC 4.1, 4.2).
import { TIME_ZONE } from '../platform/format.ts';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Milliseconds Paris is ahead of UTC at `instant`. */
function parisOffset(instant: number): number {
  const parts = Object.fromEntries(wallClock.formatToParts(new Date(instant)).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (instant - (instant % 1000));
}

/** The instant of a Paris wall-clock date (DATE column) and time of day (TIME column). */
export function parisInstant(date: Date, time: Date): Date {
  const naive = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) + (time.getTime() % 86_400_000);
  // Twice: the offset at the guessed instant may differ around a DST change.
  const guess = naive - parisOffset(naive);
  return new Date(naive - parisOffset(guess));
}

/** SPEC 4.1: open while now < deadline (strict). */
export function registrationsOpen(visit: { deadline: Date }, now = new Date()): boolean {
  return now.getTime() < visit.deadline.getTime();
}

/**
 * SPEC 4.2, rewrite formula (lead decision): the visit's end, date + end time in Paris, is
 * before now. An end time not after the start time means the visit ends after midnight.
 */
export function isPassed(visit: { date: Date; startTime: Date; endTime: Date }, now = new Date()): boolean {
  const overnight = visit.endTime.getTime() % 86_400_000 <= visit.startTime.getTime() % 86_400_000;
  const endDate = overnight ? new Date(visit.date.getTime() + 86_400_000) : visit.date;
  return parisInstant(endDate, visit.endTime).getTime() < now.getTime();
}
