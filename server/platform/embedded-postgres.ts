// The embedded PostgreSQL used when DATABASE_URL is unset: PGlite (PostgreSQL compiled to
// WASM) served over the wire protocol, so the app, Prisma and `prisma migrate` use the
// same plain postgresql:// URL as with a real server (docs/stack.md#embedded-postgresql).
import fs from 'node:fs';
import http from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';

export interface EmbeddedPostgres {
  url: string;
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
}

export class EmbeddedDatabaseBusy extends Error {}

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

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  let unlock = () => {};
  if (options.dataDir) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(options.dataDir);
  } catch (error) {
    unlock();
    throw error;
  }
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 40,
  });
  await server.start();
  // Backups are a convenience: a socket that cannot be made (a path too long for one) does not stop the start.
  const backups = options.dataDir ? await serveBackups(db, backupSocketPath(options.dataDir)).catch(() => undefined) : undefined;
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
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
  const copy = await PGlite.create({ loadDataDir: await db.dumpDataDir('none') });
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
