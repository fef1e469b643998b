// A fresh, migrated database for one test file: a copy of the template made by
// global-setup.ts, on the real server (TEST_DATABASE_URL) or on an embedded PGlite.
import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { connectDatabase, type Database } from '../platform/db.ts';
import { pgliteSocketServer } from '../platform/embedded-postgres.ts';
import { databaseUrlWithName } from './global-setup.ts';

export interface TestDatabase {
  url: string;
  db: Database;
  /** Closes the connections and drops (or stops) the database. */
  destroy(): Promise<void>;
}

export interface EmptyDatabase {
  url: string;
  /** pg_dump can read the real server's databases, not PGlite's. */
  kind: 'postgres' | 'pglite';
  destroy(): Promise<void>;
}

/**
 * The environment a server needs for the test databases: the embedded ones are PGlite behind
 * a socket server whose connections share one session, where preparing statements would only
 * earn a refusal and a warning (platform/db.ts) in every server a test starts.
 */
export function testDatabaseEnv(): Record<string, string> {
  return { DATABASE_PREPARED_STATEMENTS: String(inject('testDatabase').kind === 'postgres') };
}

/** Runs `work` with a connected client, then closes it. */
export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database with nothing in it, not even migrations (migration tests). */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const source = inject('testDatabase');
  if (source.kind === 'postgres') {
    const name = `oser_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: source.serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    return {
      url: databaseUrlWithName(source.serverUrl, name),
      kind: 'postgres',
      async destroy() {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  return emptyPgliteServer();
}

/** An empty in-memory PGlite behind its socket server, whatever the suite runs on. */
export async function emptyPgliteServer(): Promise<EmptyDatabase> {
  return servePglite(await PGlite.create());
}

/** Serves an in-memory PGlite on a free loopback port, for the test file alone. */
async function servePglite(pglite: PGlite): Promise<EmptyDatabase> {
  const server = pgliteSocketServer(pglite, { port: 0, maxConnections: 12 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    kind: 'pglite',
    async destroy() {
      await server.stop();
      await pglite.close();
    },
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const source = inject('testDatabase');
  if (source.kind === 'postgres') {
    const name = `oser_test_${crypto.randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: source.serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.template}`);
    const url = databaseUrlWithName(source.serverUrl, name);
    const db = connectDatabase(url, { poolSize: 5, preparedStatements: true });
    return {
      url,
      db,
      async destroy() {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }

  const served = await servePglite(await PGlite.create({ loadDataDir: new Blob([fs.readFileSync(source.dumpFile)]) }));
  const db = connectDatabase(served.url, { poolSize: 5 });
  return {
    url: served.url,
    db,
    async destroy() {
      await db.close();
      await served.destroy();
    },
  };
}
