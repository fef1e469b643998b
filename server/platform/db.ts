// Database access: one pg pool per process, Prisma on top of it through the pg adapter
// (no native engine, docs/stack.md#prisma-without-native-engines). The pool also counts SQL statements, for the N+1 tests
// and the benchmark. `query()` is the pool without Prisma, for the hottest statements: a
// Prisma call costs about 1 ms of CPU before any row is read (npm run bench).
import crypto from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { parseTimestamptz } from './precise-date.ts';
import { PrismaClient } from '@prisma/client';

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Plain SQL on the pool, values decoded as Prisma decodes them (see prismaLikeTypes). */
  query<Row extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Number of SQL statements sent since the pool was created. */
  queryCount(): number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL schema holding the tables (tests give each file its own). */
  schema?: string;
  poolSize?: number;
  /**
   * `query()` prepares each statement once per connection, then only binds and executes it:
   * PostgreSQL no longer parses and plans the hot statements on every request (half of the
   * visit detail's database CPU, docs/benchmark.md). Off on the embedded database, whose
   * connections share one session (a second connection's "prepare" would find the name
   * taken), and behind a pooler that moves sessions between clients without support for them;
   * such a server met anyway is detected at its first refusal, and preparing stops.
   */
  preparedStatements?: boolean;
  /** Called once if the server turns out not to keep them (`query()` then stops preparing). */
  onPreparedStatementsRefused?: (error: Error) => void;
}

const DATE = 1082;
const TIME = 1083;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

const digits = (text: string, start: number, end: number) => Number(text.slice(start, end));

// By arithmetic rather than Date's string parser: a list decodes hundreds per request.

/** `YYYY-MM-DD` at UTC midnight (also for dates inside JSON built by PostgreSQL). */
export function parseDate(value: string): Date {
  if (value.length !== 10) return new Date(`${value}T00:00:00Z`); // BC dates, infinity
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC, which reads years 0 to 99 as 1900 to 1999.
  date.setUTCFullYear(digits(value, 0, 4), digits(value, 5, 7) - 1, digits(value, 8, 10));
  return date;
}

/** `HH:MM:SS[.ffffff]` on 1970-01-01 UTC, to the millisecond as Prisma keeps it. */
function parseTime(value: string): Date {
  const milliseconds = value.length > 9 ? Number(value.slice(9, 12).padEnd(3, '0')) : 0;
  return new Date(((digits(value, 0, 2) * 60 + digits(value, 3, 5)) * 60 + digits(value, 6, 8)) * 1000 + milliseconds);
}

/**
 * DATE, TIME and TIMESTAMP as the Date values Prisma gives (UTC midnight, 1970-01-01 UTC, UTC),
 * whatever the process's time zone, so that raw rows feed the same serializers; TIMESTAMPTZ
 * keeps its microseconds (platform/precise-date.ts), which Prisma drops.
 */
export const prismaLikeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE) return parseDate;
    if (oid === TIME) return parseTime;
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    if (oid === TIMESTAMPTZ) return parseTimestamptz;
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
  },
} satisfies pg.CustomTypesConfig;

/**
 * A client whose connection is lost while checked out goes back to the pool, which drops it.
 * @prisma/adapter-pg never releases an interactive transaction's client when its connection
 * dies mid-transaction (a restart, a failover): without this, each such outage would keep one
 * pool slot forever, until the pool is empty and every request waits for a connection.
 */
function releaseLostConnections(pool: pg.Pool) {
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_error, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('end', () => {
      if (!checkedOut.has(client)) return;
      client.release(new Error('connection lost while checked out'));
      // The holder's own release, if it ever comes, must not throw pg-pool's "released twice".
      client.release = () => {};
    });
  });
}

const MAX_PREPARED_STATEMENTS = 200;
/**
 * invalid_sql_statement_name (a pooler ran our statement's Bind on a session that never saw its
 * Parse) and duplicate_prepared_statement (another client's Parse is in our session): raised
 * before the statement runs, so it can run again unprepared.
 */
const PREPARED_ELSEWHERE = new Set(['26000', '42P05']);
/**
 * feature_not_supported, here "cached plan must not change result type": a migration changed
 * what the statement returns since the connection prepared it (a rolling deploy). Raised before
 * the statement runs.
 */
const PLAN_CHANGED = '0A000';

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  // A request that waits 5 s for a connection fails (503, see outage.ts) rather than hanging
  // for as long as an unreachable server takes to refuse.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 });
  let statements = 0;
  // Every statement, pooled or in a transaction, goes through a client's query().
  pool.on('connect', (client) => {
    const clientQuery = client.query.bind(client) as (...args: unknown[]) => unknown;
    if (options.schema) void clientQuery(`SET search_path TO "${options.schema}"`);
    client.query = ((...args: unknown[]) => {
      statements += 1;
      return clientQuery(...args);
    }) as typeof client.query;
  });
  pool.on('error', () => {
    // An idle client lost its server (restart, network): the pool replaces it on next use.
  });
  releaseLostConnections(pool);
  const adapter = new PrismaPg(pool, options.schema ? { schema: options.schema } : undefined);
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  // One name per statement text: a connection prepares it on its first use of the name. The
  // texts are the code's constants; past MAX_PREPARED_STATEMENTS (a text built with values in
  // it, by mistake), new ones run unprepared rather than fill every connection's memory. The
  // names are this pool's own: behind a pooler, a session may hold another process's
  // statements, and binding one of the same name would run its text.
  const statementNames = new Map<string, string>();
  const namePrefix = `oser_${crypto.randomBytes(6).toString('hex')}_`;
  let namesGiven = 0;
  let preparing = options.preparedStatements ?? false;
  const nameOf = (text: string) => {
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) {
      statementNames.set(text, (name = `${namePrefix}${(namesGiven += 1)}`));
    }
    return name;
  };
  return {
    prisma,
    pool,
    async query<Row extends pg.QueryResultRow>(text: string, values: unknown[] = []) {
      const name = preparing ? nameOf(text) : undefined;
      try {
        return (await pool.query<Row>({ name, text, values, types: prismaLikeTypes })).rows;
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (name === undefined || !(code === PLAN_CHANGED || PREPARED_ELSEWHERE.has(code))) throw error;
        if (code === PLAN_CHANGED) {
          statementNames.delete(text); // prepared afresh, under a new name, at its next use
        } else if (preparing) {
          preparing = false;
          options.onPreparedStatementsRefused?.(error as Error);
        }
        return (await pool.query<Row>({ text, values, types: prismaLikeTypes })).rows;
      }
    },
    queryCount: () => statements,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
