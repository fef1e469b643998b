// Database access: one pg pool per process, Prisma on top of it through the pg adapter
// (no native engine, STACK.md). The pool also counts SQL statements, for the N+1 tests
// and the benchmark.
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

export interface Database {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Number of SQL statements sent since the pool was created. */
  queryCount(): number;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL schema holding the tables (tests give each file its own). */
  schema?: string;
  poolSize?: number;
}

export function connectDatabase(url: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
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
  const adapter = new PrismaPg(pool, options.schema ? { schema: options.schema } : undefined);
  const prisma = new PrismaClient({ adapter });
  let closed = false;
  return {
    prisma,
    pool,
    queryCount: () => statements,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
