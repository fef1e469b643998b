// The SQL twins of the computed visit fields agree with the JavaScript rules on a grid of
// visits and instants: overnight visits, the two daylight-saving changes, the exact end and
// deadline (both databases).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { isPassed, isPassedSql, registrationsOpen, registrationsOpenSql } from './rules.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx?.database.destroy();
});

const visits = [
  { date: '2031-05-21', start: '14:00:00', end: '16:30:00' },
  { date: '2017-10-07', start: '20:00:00', end: '00:00:00' }, // ends at midnight: the next day
  { date: '2030-01-10', start: '22:00:00', end: '01:30:00' }, // ends after midnight
  { date: '2030-01-10', start: '10:00:00', end: '10:00:00' }, // end = start: the next day too
  { date: '2026-03-29', start: '01:00:00', end: '03:30:00' }, // the spring change
  { date: '2026-03-28', start: '20:00:00', end: '02:30:00' }, // ends in the hour that does not exist
  { date: '2026-10-25', start: '00:30:00', end: '02:30:00' }, // ends in the hour Paris lives twice
];

/** The first millisecond at which JavaScript says the visit has passed (a binary search). */
function firstPassedInstant(row: Parameters<typeof isPassed>[0]): number {
  let [notYet, passed] = [row.date.getTime() - 86_400_000, row.date.getTime() + 3 * 86_400_000];
  while (passed - notYet > 1) {
    const middle = Math.floor((notYet + passed) / 2);
    if (isPassed(row, new Date(middle))) passed = middle;
    else notYet = middle;
  }
  return passed;
}

/** Every whole hour of the visit's two days, and each side of the instant it passes. */
function instantsAround(row: Parameters<typeof isPassed>[0]): Date[] {
  const hours = Array.from({ length: 49 }, (_, hour) => new Date(row.date.getTime() + hour * 3_600_000));
  const flip = firstPassedInstant(row);
  return [...hours, ...[-3_600_000, -1, 0, 1, 3_600_000].map((ms) => new Date(flip + ms))];
}

describe('isPassedSql', () => {
  it('agrees with isPassed for every visit at every instant', async () => {
    const sql = `SELECT ${isPassedSql('v', '$4::timestamptz')} AS passed
      FROM (SELECT $1::date AS date, $2::time AS start_time, $3::time AS end_time) v`;
    let compared = 0;
    for (const visit of visits) {
      const row = {
        date: new Date(`${visit.date}T00:00:00Z`),
        startTime: new Date(`1970-01-01T${visit.start}Z`),
        endTime: new Date(`1970-01-01T${visit.end}Z`),
      };
      for (const now of instantsAround(row)) {
        const [result] = await ctx.db.query<{ passed: boolean }>(sql, [visit.date, visit.start, visit.end, now]);
        expect({ visit, now, passed: result!.passed }).toEqual({ visit, now, passed: isPassed(row, now) });
        compared += 1;
      }
    }
    expect(compared).toBe(visits.length * 54);
  });
});

describe('registrationsOpenSql', () => {
  it('agrees with registrationsOpen before, at and after the deadline', async () => {
    const deadline = new Date('2031-06-10T16:00:00.000Z');
    const sql = `SELECT ${registrationsOpenSql('v', '$2::timestamptz')} AS open FROM (SELECT $1::timestamptz AS deadline) v`;
    for (const now of [-60_000, -1, 0, 1, 60_000].map((ms) => new Date(deadline.getTime() + ms))) {
      const [result] = await ctx.db.query<{ open: boolean }>(sql, [deadline, now]);
      expect({ now, open: result!.open }).toEqual({ now, open: registrationsOpen({ deadline }, now) });
    }
  });
});
