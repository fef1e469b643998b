// Runs once before all test files: migrates a template database with Prisma's own
// `migrate deploy`; every test file then gets its own copy (server/test/database.ts).
// TEST_DATABASE_URL set: a real PostgreSQL server, copies by CREATE DATABASE … TEMPLATE.
// Unset: the embedded PGlite, copies by loading a dump of the migrated data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../platform/migrate.ts';
import { pgliteSocketServer } from '../platform/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { kind: 'postgres'; serverUrl: string; template: string } | { kind: 'pglite'; dumpFile: string };
  }
}

export function databaseUrlWithName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const template = `oser_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await applyMigrations(databaseUrlWithName(serverUrl, template));
    project.provide('testDatabase', { kind: 'postgres', serverUrl, template });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }

  const db = await PGlite.create();
  const server = pgliteSocketServer(db, { port: 0, maxConnections: 4 });
  await server.start();
  await applyMigrations(`postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`);
  await server.stop();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const dumpFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oser-test-')), 'template.tar');
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('testDatabase', { kind: 'pglite', dumpFile });
  return () => fs.rmSync(path.dirname(dumpFile), { recursive: true, force: true });
}
