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

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
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
    },
  };
}
