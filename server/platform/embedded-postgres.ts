// The embedded PostgreSQL used when DATABASE_URL is unset: PGlite (PostgreSQL compiled to
// WASM) served over the wire protocol, so the app, Prisma and `prisma migrate` use the
// same plain postgresql:// URL as with a real server (docs/stack.md#embedded-postgresql).
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import { applyMigrations, readMigrations, type MigrationFile } from './migrate.ts';
import { projectRoot } from './paths.ts';

export interface EmbeddedPostgres {
  url: string;
  /** How the data folder came to be: in memory, an existing one opened, a new one copied from the template (migrated or not) or made by initdb. */
  dataFolder: 'in memory' | 'opened' | 'copied from the migrated template' | 'copied from the template' | 'initialised';
  /** A plain SQL dump (pg_dump's format) of the database as of one instant. */
  dump(): Promise<string>;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the data; omitted: in memory (lost at stop). */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Client connections served at once; keep every pool's max at or below it. */
  maxConnections?: number;
  /**
   * A pristine data folder (createPgliteTemplate) copied into an empty `dataDir` instead of
   * running initdb; used only if it was made by the installed PGlite. Default: the build's
   * (DEFAULT_TEMPLATE_DIR); null: always initdb.
   */
  templateDir?: string | null;
  /**
   * The migrations the caller applies next (server.ts): an empty data folder then starts from
   * the template's migrated copy if every migration in it is among them, unchanged.
   */
  migrations?: MigrationFile[];
}

export class EmbeddedDatabaseBusy extends Error {}

/**
 * PGlite's settings, but 32 MB of shared buffers instead of PostgreSQL's 128 MB: PGlite
 * touches the whole pool when it opens a database, which cost about 120 MB of resident
 * memory and 0.1 s of CPU per start, for a database that fits in a fraction of it (its files
 * stay in the system's cache). docs/benchmark.md, start-up.
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: two processes opening one data folder would corrupt
 * it. A lock file holding the owner's pid refuses the second (a stale lock is taken over).
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir.replace(/\/$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(fs.readFileSync(lockFile, 'utf8'));
      if (Number.isInteger(owner) && isRunning(owner)) {
        throw new EmbeddedDatabaseBusy(
          `The embedded database in ${dataDir} is in use by process ${owner}: stop it first, or set DATABASE_URL.`,
        );
      }
      fs.rmSync(lockFile, { force: true });
    }
  }
  throw new EmbeddedDatabaseBusy(`Could not lock the embedded database in ${dataDir}.`);
}

// ─── A new data folder ────────────────────────────────────────────────────────
// PGlite creates a data folder with a WASM initdb: about 6 s on a small machine, most of a
// first start; applying the migrations to it took 1 to 1.5 s more. Every initdb by one PGlite
// version gives the same folder, so the build makes one (scripts/build.ts), and a copy of it
// with the migrations applied: a first start copies the latter (a fraction of a second) and
// applies only the migrations newer than the build's. docs/benchmark.md, start-up.

/** Where `npm run build` leaves the template folders: dist/ (built, not committed). */
export const DEFAULT_TEMPLATE_DIR = path.join(projectRoot, 'dist', 'pglite-template');
const TEMPLATE_DATA = 'pgdata';
const TEMPLATE_MIGRATED = 'migrated';
/** The migrations applied in TEMPLATE_MIGRATED, one `name checksum` a line. */
const TEMPLATE_MIGRATIONS = 'migrations';
const TEMPLATE_VERSION = 'pglite-version';

/** The installed PGlite's version: a template made by another is not used. */
export function pgliteVersion(): string {
  const require = createRequire(import.meta.url);
  for (let dir = path.dirname(require.resolve('@electric-sql/pglite')); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) return (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version;
    if (path.dirname(dir) === dir) throw new Error('no package.json above @electric-sql/pglite');
  }
}

/** The migrations in the migrated template (name → checksum), null when it has none. */
function templateMigrations(templateDir: string): Map<string, string> | null {
  try {
    if (!fs.existsSync(path.join(templateDir, TEMPLATE_MIGRATED, 'PG_VERSION'))) return null;
    const lines = fs.readFileSync(path.join(templateDir, TEMPLATE_MIGRATIONS), 'utf8').split('\n').filter(Boolean);
    return new Map(lines.map((line) => line.split(' ') as [string, string]));
  } catch {
    return null;
  }
}

/** Whether every migration of the migrated template is among `migrations`, unchanged. */
function migratedTemplateFits(templateDir: string, migrations: MigrationFile[]): boolean {
  const inTemplate = templateMigrations(templateDir);
  if (!inTemplate) return false;
  const current = new Map(migrations.map((migration) => [migration.name, migration.checksum]));
  return [...inTemplate].every(([name, checksum]) => current.get(name) === checksum);
}

/**
 * Whether `templateDir` holds data folders made by the installed PGlite; given `migrations`,
 * also whether its migrated copy has exactly those (the build remakes it otherwise).
 */
export function pgliteTemplateIsCurrent(templateDir = DEFAULT_TEMPLATE_DIR, migrations?: MigrationFile[]): boolean {
  try {
    const current =
      fs.readFileSync(path.join(templateDir, TEMPLATE_VERSION), 'utf8').trim() === pgliteVersion() &&
      fs.existsSync(path.join(templateDir, TEMPLATE_DATA, 'PG_VERSION'));
    if (!current || !migrations) return current;
    const inTemplate = templateMigrations(templateDir);
    return inTemplate !== null && inTemplate.size === migrations.length && migratedTemplateFits(templateDir, migrations);
  } catch {
    return false;
  }
}

/**
 * Makes `templateDir`: PGlite's initdb, shut down cleanly, nothing else in it; and a copy
 * with `migrations` applied, as the server applies them (server/platform/migrate.ts, the same
 * `_prisma_migrations` rows). Written beside it and renamed into place, so a reader never
 * sees half a template.
 */
export async function createPgliteTemplate(templateDir = DEFAULT_TEMPLATE_DIR, migrations = readMigrations()): Promise<void> {
  const scratch = `${templateDir}.tmp-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const pristine = await PGlite.create(path.join(scratch, TEMPLATE_DATA));
    await pristine.close();
    fs.cpSync(path.join(scratch, TEMPLATE_DATA), path.join(scratch, TEMPLATE_MIGRATED), { recursive: true });
    const migrated = await startEmbeddedPostgres({ dataDir: path.join(scratch, TEMPLATE_MIGRATED), templateDir: null, maxConnections: 2 });
    try {
      await applyMigrations(migrated.url, migrations);
    } finally {
      await migrated.stop();
    }
    fs.writeFileSync(path.join(scratch, TEMPLATE_MIGRATIONS), migrations.map((m) => `${m.name} ${m.checksum}\n`).join(''));
    fs.writeFileSync(path.join(scratch, TEMPLATE_VERSION), `${pgliteVersion()}\n`);
    fs.rmSync(templateDir, { recursive: true, force: true });
    fs.renameSync(scratch, templateDir);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Fills an empty `dataDir` (held under its lock) from the template, when there is a current
 * one (its migrated copy when it fits `migrations`): copied beside it, then renamed onto it,
 * so that a start killed meanwhile leaves an empty folder again, not half a database.
 * Resolves which copy it took, if any.
 */
function copyTemplate(
  dataDir: string,
  templateDir: string | null,
  migrations: MigrationFile[] | undefined,
): 'migrated' | 'pristine' | null {
  if (templateDir === null || fs.readdirSync(dataDir).length > 0 || !pgliteTemplateIsCurrent(templateDir)) return null;
  const which = migrations && migratedTemplateFits(templateDir, migrations) ? 'migrated' : 'pristine';
  const scratch = `${dataDir.replace(/\/$/, '')}.from-template`;
  fs.rmSync(scratch, { recursive: true, force: true }); // left by a start that was killed
  // A copy-on-write clone where the file system has them, else a plain copy.
  const source = path.join(templateDir, which === 'migrated' ? TEMPLATE_MIGRATED : TEMPLATE_DATA);
  fs.cpSync(source, scratch, { recursive: true, mode: fs.constants.COPYFILE_FICLONE });
  fs.rmdirSync(dataDir);
  fs.renameSync(scratch, dataDir);
  return which;
}

/** The extended query protocol's messages (Parse, Bind, Describe, Execute, Close, Flush): a batch that its Sync ends. */
const EXTENDED_QUERY_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((type) => type.charCodeAt(0)));

/**
 * The socket server queues every connection's messages into PGlite's single session, and keeps
 * one connection's messages together only while a transaction is open (pglite-socket 0.2;
 * electric-sql/pglite#1046). A Parse/Bind/Execute/Sync batch is not a transaction: another
 * connection's message could come between its Parse and its Bind, and the Bind then found the
 * other's unnamed statement, or none ("unnamed prepared statement does not exist", a 500 under
 * concurrent sign-ups), and the queue could stall for good. This view of the database reports a
 * batch under way as a transaction, so that the queue serves its connection up to its Sync.
 */
function withWholeProtocolBatches(db: PGlite): PGlite {
  let batchUnderWay = false;
  return new Proxy(db, {
    get(target, property) {
      switch (property) {
        case 'isInTransaction':
          return () => batchUnderWay || target.isInTransaction();
        case 'execProtocolRawStream':
          return (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
            // Sync, a simple Query, a Terminate, a startup message: no batch under way after them.
            batchUnderWay = EXTENDED_QUERY_MESSAGES.has(message[0]!);
            return target.execProtocolRawStream(message, options);
          };
        case 'exec':
          // The server's own ROLLBACK, when a connection leaves mid-transaction or mid-batch.
          return (...args: Parameters<PGlite['exec']>) => {
            batchUnderWay = false;
            return target.exec(...args);
          };
        default: {
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
}

/** PGlite served over the wire protocol on loopback, each connection's protocol batches kept whole. The tests' databases are served by it too. */
export function pgliteSocketServer(db: PGlite, options: { port: number; maxConnections: number }): PGLiteSocketServer {
  return new PGLiteSocketServer({ db: withWholeProtocolBatches(db), host: '127.0.0.1', ...options });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let unlock = () => {};
  let db: PGlite;
  let dataFolder: EmbeddedPostgres['dataFolder'] = 'in memory';
  try {
    if (options.dataDir) {
      fs.mkdirSync(options.dataDir, { recursive: true });
      unlock = lockDataDir(options.dataDir);
      const templateDir = options.templateDir === undefined ? DEFAULT_TEMPLATE_DIR : options.templateDir;
      if (fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) dataFolder = 'opened';
      else {
        const copied = copyTemplate(options.dataDir, templateDir, options.migrations);
        dataFolder = copied === 'migrated' ? 'copied from the migrated template' : copied ? 'copied from the template' : 'initialised';
      }
    }
    db = await PGlite.create(options.dataDir, { startParams: START_PARAMS });
  } catch (error) {
    unlock();
    throw error;
  }
  const server = pgliteSocketServer(db, { port: options.port ?? 0, maxConnections: options.maxConnections ?? 40 });
  await server.start();
  // Backups are a convenience: a socket that cannot be made (a path too long for one) does not stop the start.
  const backups = options.dataDir ? await serveBackups(db, backupSocketPath(options.dataDir)).catch(() => undefined) : undefined;
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    dataFolder,
    dump: () => dumpDatabase(db),
    async stop() {
      if (stopped) return;
      stopped = true;
      await new Promise((resolve) => (backups ? backups.close(resolve) : resolve(undefined)));
      await server.stop();
      // close() checkpoints and flushes the data folder: no committed row is lost.
      await db.close();
      unlock();
    },
  };
}

// ─── Backups ──────────────────────────────────────────────────────────────────

/** Where the process owning a data folder answers backup requests (`npm run db:backup`). */
export function backupSocketPath(dataDir: string): string {
  return `${dataDir.replace(/\/$/, '')}.backup.sock`;
}

/**
 * pg_dump (compiled to WASM, @electric-sql/pglite-tools) on a copy of the live database:
 * PGlite is one session shared by every client, which pg_dump's own statements and settings
 * would disturb. The copy is the data folder as of one instant (taken between two statements,
 * like a crash-consistent snapshot: a transaction still open then is not in it).
 */
async function dumpDatabase(db: PGlite): Promise<string> {
  const copy = await PGlite.create({ loadDataDir: await db.dumpDataDir('none'), startParams: START_PARAMS });
  try {
    const file = await pgDump({ pg: copy, args: ['--no-owner', '--no-privileges'] });
    // PostgreSQL 17's setting, unknown to psql on 15 and 16 (which would print an error).
    return (await file.text()).replace(/^SET transaction_timeout = 0;\n/m, '');
  } finally {
    await copy.close();
  }
}

/** Answers `GET /dump` on a Unix socket beside the data folder (only this machine's user can reach it). */
async function serveBackups(db: PGlite, socketPath: string): Promise<http.Server> {
  fs.rmSync(socketPath, { force: true }); // left by a process that was killed
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/dump') {
      res.writeHead(404).end();
      return;
    }
    dumpDatabase(db).then(
      (dump) => res.writeHead(200, { 'Content-Type': 'application/sql; charset=utf-8' }).end(dump),
      (error: unknown) => res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });
  fs.chmodSync(socketPath, 0o600);
  return server;
}

/** Asks the process owning `dataDir` for a dump. */
export function requestDump(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath: backupSocketPath(dataDir), path: '/dump' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`the server could not dump the database: ${body}`))));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}
