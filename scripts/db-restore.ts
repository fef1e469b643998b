// npm run db:restore FILE: loads a plain SQL dump (npm run db:backup, or pg_dump of a server)
// into an empty embedded database folder (data/pglite).
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { EmbeddedDatabaseBusy, startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { fail, loadConfigOrExit, parsePositionalsOrExit, USE_POSTGRES_TOOLS } from './cli.ts';

const HELP = `Usage: npm run db:restore -- FILE

Loads FILE, a plain SQL dump (npm run db:backup, or pg_dump --no-owner of a PostgreSQL
server), into the embedded database folder DATA_DIR/pglite, which must be empty or absent
(stop the server and move the old folder aside first). Then start the server: it applies any
migration newer than the backup.

With DATABASE_URL set, use PostgreSQL's own tools instead: psql or pg_restore.`;

const [file] = parsePositionalsOrExit(1, HELP);
const config = loadConfigOrExit();
if (config.databaseUrl) fail(USE_POSTGRES_TOOLS);
if (!file) fail(`Which backup? Give its file.\n\n${HELP}`);
if (!fs.existsSync(file)) fail(`No such file: ${file}`);
const dataDir = path.join(config.dataDir, 'pglite');
if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
  fail(`${dataDir} is not empty: stop the server, move that folder aside (it is the current database), then restore.`);
}

const sql = fs.readFileSync(file, 'utf8');
const embedded = await startEmbeddedPostgres({ dataDir, port: 0, maxConnections: 1 }).catch((error: unknown) =>
  fail(error instanceof EmbeddedDatabaseBusy ? error.message : String(error)),
);
const client = new pg.Client({ connectionString: embedded.url });
try {
  await client.connect();
  await client.query(sql);
} catch (error) {
  await client.end().catch(() => {});
  await embedded.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fail(`Restore failed, nothing kept: ${(error as Error).message}`);
}
await client.end();
await embedded.stop();
console.log(`Restored ${file} into ${dataDir}.`);
