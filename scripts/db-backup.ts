// npm run db:backup [file]: a plain SQL dump of the embedded database (data/pglite), taken
// while the server runs or not: the process owning the folder makes it (embedded-postgres.ts).
import fs from 'node:fs';
import path from 'node:path';
import { EmbeddedDatabaseBusy, requestDump, startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { fail, loadConfigOrExit, parsePositionalsOrExit, USE_POSTGRES_TOOLS } from './cli.ts';

const HELP = `Usage: npm run db:backup [-- FILE]

Writes a plain SQL dump of the embedded database (DATA_DIR/pglite), in pg_dump's format:
restorable with \`npm run db:restore FILE\`, or with psql into any PostgreSQL 15 or later
(psql -d DATABASE -f FILE). Works while \`npm start\` runs: the server makes the dump from
a copy of its data folder taken at one instant. FILE defaults to DATA_DIR/backups/oser-<date>.sql.

With DATABASE_URL set, use PostgreSQL's own tools instead: pg_dump (and psql or pg_restore).`;

const [target] = parsePositionalsOrExit(1, HELP);
const config = loadConfigOrExit();
if (config.databaseUrl) fail(USE_POSTGRES_TOOLS);
const dataDir = path.join(config.dataDir, 'pglite');
if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) fail(`No embedded database in ${dataDir}: nothing to back up.`);

let dump: string;
try {
  const embedded = await startEmbeddedPostgres({ dataDir, port: 0, maxConnections: 1 });
  try {
    dump = await embedded.dump();
  } finally {
    await embedded.stop();
  }
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseBusy)) throw error;
  dump = await requestDump(dataDir).catch((cause: Error) =>
    fail(`The running server (it holds ${dataDir}) did not answer the backup request: ${cause.message}`),
  );
}

const file = path.resolve(target ?? path.join(config.dataDir, 'backups', `oser-${new Date().toISOString().replace(/[:.]/g, '-')}.sql`));
fs.mkdirSync(path.dirname(file), { recursive: true });
// Written beside, then renamed: a reader never sees half a backup.
fs.writeFileSync(`${file}.partial`, dump);
fs.renameSync(`${file}.partial`, file);
console.log(`Backup written to ${file} (${(Buffer.byteLength(dump) / 1024).toFixed(0)} kB).`);
