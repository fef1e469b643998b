// PostgreSQL keeps timestamps to the microsecond, JavaScript's Date to the millisecond, and
// the API prints what the database holds (the original printed `…10.998206+02:00`).
import pg from 'pg';
import type { Database } from './db.ts';

/** A Date that also carries the microseconds below its millisecond (0 to 999). */
export class PreciseDate extends Date {
  constructor(
    epochMilliseconds: number,
    readonly microseconds: number,
  ) {
    super(epochMilliseconds);
  }
}

const parseDefault = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ) as (text: string) => Date;

/** TIMESTAMPTZ text (`2018-05-05 14:15:10.998206+02`) → Date, a PreciseDate when it has microseconds. */
export function parseTimestamptz(text: string): Date {
  const date = parseDefault(text);
  const fraction = /\.(\d+)/.exec(text)?.[1];
  const microseconds = fraction && fraction.length > 3 ? Number(fraction.slice(3, 6).padEnd(3, '0')) : 0;
  return microseconds ? new PreciseDate(date.getTime(), microseconds) : date;
}

/** The microseconds below the millisecond of a Date (0 for a plain Date). */
export function microsecondsOf(value: Date): number {
  return value instanceof PreciseDate ? value.microseconds : 0;
}

/**
 * Prisma reads timestamps to the millisecond: re-reads `column` of `table` (the Prisma field
 * of the same name) through the pool for the rows it loaded, in one statement, so that the
 * API prints the stored microseconds.
 */
export async function withPreciseTimestamps<Row extends { id: number }>(
  db: Pick<Database, 'query'>,
  table: string,
  column: keyof Row & string,
  rows: Row[],
): Promise<Row[]> {
  if (rows.length === 0) return rows;
  const stored = await db.query<{ id: number; value: Date }>(`SELECT id, "${column}" AS value FROM ${table} WHERE id = ANY($1::int[])`, [
    rows.map((row) => row.id),
  ]);
  const byId = new Map(stored.map((row) => [row.id, row.value]));
  return rows.map((row) => (byId.has(row.id) ? { ...row, [column]: byId.get(row.id) } : row));
}
