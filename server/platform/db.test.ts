// db.query() decodes DATE, TIME and TIMESTAMP as Prisma does, so that raw rows feed the same
// serializers: compared value by value with Prisma's own reading of the same row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createTestContext, type TestContext } from '../test/context.ts';
import { connectDatabase } from './db.ts';
import { emptyPgliteServer, withClient } from '../test/database.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());

describe('db.query', () => {
  it.each([
    ['2031-05-20', '14:00:00', '18:00:00.5', '2031-05-10 12:00:00+00'],
    ['0099-12-31', '00:00:00', '23:59:59.999999', '2024-03-31 01:00:00.123+00'],
    ['1970-01-01', '09:05:07.000001', '10:00:00.12', '1969-12-31 23:59:59.998+00'],
  ])('reads %s, %s, %s, %s as Prisma does', async (date, startTime, endTime, deadline) => {
    const [{ id }] = (await ctx.db.query<{ id: number }>(
      `INSERT INTO visits_visit (title, summary, description, date, start_time, end_time, deadline, meeting, image, fact_sheet, permission)
       VALUES ('Sortie', '', '', $1, $2, $3, $4, '', '', '', '') RETURNING id`,
      [date, startTime, endTime, deadline],
    )) as [{ id: number }];
    const [raw] = await ctx.db.query<{ date: Date; start_time: Date; end_time: Date; deadline: Date }>(
      'SELECT date, start_time, end_time, deadline FROM visits_visit WHERE id = $1',
      [id],
    );
    const viaPrisma = await ctx.db.prisma.visit.findUniqueOrThrow({
      where: { id },
      select: { date: true, startTime: true, endTime: true, deadline: true },
    });
    expect(raw!.date.toISOString()).toBe(viaPrisma.date.toISOString());
    expect(raw!.start_time.toISOString()).toBe(viaPrisma.startTime.toISOString());
    expect(raw!.end_time.toISOString()).toBe(viaPrisma.endTime.toISOString());
    expect(raw!.deadline.toISOString()).toBe(viaPrisma.deadline.toISOString());
  });
});

describe('prepared statements', () => {
  const PREPARED = 'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = ANY($1)';

  /** Runs `statements` (each twice) on one connection, then counts those it prepared. */
  async function preparedAfterTwoRuns(statements: string[], preparedStatements: boolean): Promise<number> {
    // One connection: the statements and the count run in the same session.
    const db = connectDatabase(ctx.database.url, { poolSize: 1, preparedStatements });
    try {
      for (const value of [1, 2]) {
        for (const [index, text] of statements.entries()) {
          expect(await db.query<{ n: number }>(text, [value])).toEqual([{ n: value + index }]);
        }
      }
      const [{ n }] = (await db.query<{ n: number }>(PREPARED, [statements])) as [{ n: number }];
      return n;
    } finally {
      await db.query('DEALLOCATE ALL'); // the embedded database's session outlives the connection
      await db.close();
    }
  }

  const sums = (count: number) => Array.from({ length: count }, (_, index) => `SELECT $1::int + ${index} AS n`);

  it('are prepared once per connection and each text keeps its own', async () => {
    expect(await preparedAfterTwoRuns(sums(2), true)).toBe(2);
  });

  it('are not prepared when switched off', async () => {
    expect(await preparedAfterTwoRuns(sums(2), false)).toBe(0);
  });

  it('stop at 200 texts: a text built with values in it cannot fill the connections', async () => {
    expect(await preparedAfterTwoRuns(sums(210), true)).toBe(200);
  });

  it('are prepared afresh when a migration changed what they return (a rolling deploy)', async () => {
    await withClient(ctx.database.url, (client) =>
      client.query('CREATE TABLE prepared_then_altered (v int); INSERT INTO prepared_then_altered VALUES (7)'),
    );
    const db = connectDatabase(ctx.database.url, { poolSize: 1, preparedStatements: true });
    const statement = 'SELECT v FROM prepared_then_altered';
    try {
      expect(await db.query(statement)).toEqual([{ v: 7 }]);
      const altered = await withClient(ctx.database.url, async (client) => {
        await client.query('ALTER TABLE prepared_then_altered ALTER v TYPE text');
        return (await client.query<{ at: Date }>('SELECT clock_timestamp() AS at')).rows[0]!.at;
      });
      expect(await db.query(statement)).toEqual([{ v: '7' }]);
      expect(await db.query(statement)).toEqual([{ v: '7' }]);
      const afresh = await db.query('SELECT 1 AS found FROM pg_prepared_statements WHERE statement = $1 AND prepare_time > $2', [
        statement,
        altered,
      ]);
      expect(afresh).toEqual([{ found: 1 }]);
    } finally {
      await db.query('DEALLOCATE ALL');
      await db.close();
    }
  });

  it("never run another pool's statement of the same rank where sessions are shared (a pooler)", async () => {
    const shared = await emptyPgliteServer(); // one session for every connection, as a pooler may hand out
    const mine = connectDatabase(shared.url, { poolSize: 1, preparedStatements: true });
    const theirs = connectDatabase(shared.url, { poolSize: 1, preparedStatements: true });
    try {
      expect(await mine.query('SELECT $1::int + 100 AS n', [1])).toEqual([{ n: 101 }]);
      // The session forgets it, as when the pooler sends our next Bind to another session…
      await withClient(shared.url, (client) => client.query('DEALLOCATE ALL'));
      // …where another process's first statement is prepared.
      expect(await theirs.query('SELECT $1::int * 2 AS n', [1])).toEqual([{ n: 2 }]);
      expect(await mine.query('SELECT $1::int + 100 AS n', [2])).toEqual([{ n: 102 }]);
    } finally {
      await mine.close();
      await theirs.close();
      await shared.destroy();
    }
  });

  it('stop, once, where connections share a session (a pooler), and the statement still runs', async () => {
    const shared = await emptyPgliteServer(); // its socket server gives every connection one session
    const refusals: Error[] = [];
    const db = connectDatabase(shared.url, {
      poolSize: 2,
      preparedStatements: true,
      onPreparedStatementsRefused: (error) => refusals.push(error),
    });
    try {
      const statement = 'SELECT $1::int * 2 AS n';
      expect(await db.query(statement, [1])).toEqual([{ n: 2 }]); // prepared on the first connection
      const first = await db.pool.connect(); // held: the next query opens a second connection
      try {
        expect(await db.query(statement, [2])).toEqual([{ n: 4 }]);
        expect(await db.query(statement, [3])).toEqual([{ n: 6 }]);
      } finally {
        first.release();
      }
      expect(refusals.map((error) => (error as Error & { code?: string }).code)).toEqual(['42P05']);
    } finally {
      await db.close();
      await shared.destroy();
    }
  });
});

describe('a connection lost inside a transaction', () => {
  it('goes back to the pool instead of keeping its slot (the next request still gets a connection)', async () => {
    const db = connectDatabase(ctx.database.url, { poolSize: 1 });
    let holder: pg.PoolClient | undefined;
    db.pool.on('acquire', (client) => (holder = client));
    try {
      // The network cut in the middle of an interactive transaction, as in a failover.
      const cut = db.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        (holder as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await tx.$queryRaw`SELECT 2`;
      });
      await expect(cut).rejects.toThrow();
      expect(db.pool.totalCount - db.pool.idleCount).toBe(0);
      // The pool's only slot is free again: this would wait 5 s and fail if it were not.
      expect(await db.query<{ answer: number }>('SELECT 42 AS answer')).toEqual([{ answer: 42 }]);
    } finally {
      await db.close();
    }
  });
});
