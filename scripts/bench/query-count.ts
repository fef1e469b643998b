// SQL statements per request, counted by the application's own pool (platform/db.ts counts
// every statement a client sends, transactions included). pg_stat_statements is rarely
// preloaded, so the count runs on a second, in-process instance of the same app on the same
// database; the load itself goes to the child process, whose memory stays its own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Config } from '../../server/platform/config.ts';
import type { AppContext } from '../../server/platform/context.ts';
import { connectDatabase } from '../../server/platform/db.ts';
import { createStorage } from '../../server/platform/storage.ts';
import { createApp } from '../../server/app.ts';
import { get } from './http-get.ts';

export interface InProcessApp {
  ctx: AppContext;
  url: string;
  /** Statements per request, averaged over `repeat` sequential requests after one warm-up. */
  count(path: string, headers: Record<string, string>, repeat?: number): Promise<QueryCount>;
  close(): Promise<void>;
}

export interface QueryCount {
  status: number;
  perRequest: number;
  /** The statements of the last request, shortened (for --show-sql). */
  statements: string[];
  /** Single-request latency without load, a useful reading beside the loaded p50. */
  ms: number;
}

export async function startInProcessApp(config: Config, databaseUrl: string): Promise<InProcessApp> {
  const db = connectDatabase(databaseUrl, { poolSize: 2 });
  // Also keeps the text of each statement; registered before the first connection exists,
  // so it wraps the counting query() of every client.
  let statements: string[] = [];
  db.pool.on('connect', (client) => {
    const counted = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      statements.push(
        String(typeof first === 'string' ? first : first?.text)
          .replace(/\s+/g, ' ')
          .slice(0, 200),
      );
      return counted(...args);
    }) as typeof client.query;
  });
  const ctx: AppContext = { config, db, logger: pino({ level: 'silent' }), storage: createStorage(config) };
  const app = createApp(ctx);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ctx,
    url,
    async count(path, headers, repeat = 3) {
      const warm = await get(url + path, headers);
      if (warm.status < 200 || warm.status >= 300) return { status: warm.status, perRequest: NaN, statements: [], ms: warm.ms };
      const before = db.queryCount();
      let ms = 0;
      for (let i = 0; i < repeat; i += 1) {
        statements = [];
        ms += (await get(url + path, headers)).ms;
      }
      return { status: warm.status, perRequest: (db.queryCount() - before) / repeat, statements, ms: ms / repeat };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await db.close();
    },
  };
}
