// The embedded PostgreSQL used when DATABASE_URL is unset: PGlite (PostgreSQL compiled to
// WASM) served over the wire protocol, so the app, Prisma and `prisma migrate` use the
// same plain postgresql:// URL as with a real server (STACK.md).
import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
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
  let stopped = false;
  return {
    url: `postgresql://postgres:postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      // close() checkpoints and flushes the data folder: no committed row is lost.
      await db.close();
      unlock();
    },
  };
}
