// Each SQL rendering equals its JavaScript twin on the value the database gives the
// serializers, on both databases and whatever the session's time zone: the visit list is
// rendered by the SQL ones, every other read by the JavaScript ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { formatDate, formatDateTime, formatTime } from './format.ts';
import { dateSql, dateTimeSql, jsonObjectSql, jsonOf, timeSql } from './format-sql.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx?.database.destroy();
});

const cases = [
  {
    type: 'date',
    render: dateSql,
    twin: formatDate,
    values: ['2031-06-20', '2018-01-01', '2024-02-29', '1999-12-31'],
  },
  {
    type: 'time',
    render: timeSql,
    twin: formatTime,
    values: ['00:00:00', '14:30:00', '18:00:00.5', '09:15:30.123456', '23:59:59.999', '07:00:00.000400'],
  },
  {
    type: 'timestamptz',
    render: dateTimeSql,
    twin: formatDateTime,
    values: [
      '2030-01-15 10:00:00+00', // winter, UTC+1
      '2031-06-10 10:00:00+00', // summer, UTC+2
      '2018-05-05 12:15:10.998+00',
      '2018-05-05 12:15:10.998206+00',
      '2018-05-05 12:15:10.000206+00',
      '2026-03-29 00:59:59.5+00', // the second before the spring change
      '2026-03-29 01:00:00+00',
      '2026-10-25 00:30:00+00', // the hour Paris lives twice
      '2026-10-25 01:30:00+00',
      '2031-06-01 21:59:00+00', // another day in Paris than in UTC
    ],
  },
] as const;

describe.each(cases)('the SQL rendering of a $type', ({ type, render, twin, values }) => {
  const sql = `SELECT x AS value, ${render('x')} AS text FROM unnest($1::${type}[]) AS t(x)`;

  it('equals its JavaScript twin on every value', async () => {
    const rows = await ctx.db.query<{ value: Date; text: string }>(sql, [values]);
    expect(rows).toHaveLength(values.length);
    for (const { value, text } of rows) expect(text).toBe(twin(value));
  });

  it('does not depend on the session’s time zone', async () => {
    const client = await ctx.db.pool.connect();
    try {
      const texts = async (zone: string) => {
        await client.query(`SET TIME ZONE '${zone}'`);
        return (await client.query<{ text: string }>(sql, [values])).rows.map((row) => row.text);
      };
      expect(await texts('America/New_York')).toEqual(await texts('Asia/Tokyo'));
      await client.query('RESET TIME ZONE');
    } finally {
      client.release();
    }
  });
});

describe('jsonObjectSql', () => {
  it('gives JSON.stringify’s bytes, escapes included, and leaves the object open when asked', async () => {
    const title = 'Sortie « Molière » "au" \\ théâtre\n\ttab\u0001\u2028 🎭';
    const fields = [
      ['id', jsonOf('$1::int')],
      ['title', jsonOf('$2::text')],
      ['place', jsonOf('NULL::text')],
      ['open', jsonOf('$1::int > 2')],
      ['ids', "'[1,2]'"],
    ] as const;
    const [row] = await ctx.db.query<{ closed: string; open: string }>(
      `SELECT ${jsonObjectSql(fields)} AS closed, ${jsonObjectSql(fields, { open: true })} AS open`,
      [3, title],
    );
    const expected = JSON.stringify({ id: 3, title, place: null, open: true, ids: [1, 2] });
    expect(row!.closed).toBe(expected);
    expect(`${row!.open}}`).toBe(expected);
  });
});
