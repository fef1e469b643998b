// Starting and stopping the whole server: database (embedded or DATABASE_URL), migrations,
// first admin in development, HTTP, background work; graceful shutdown in reverse order.
import http from 'node:http';
import type { RequestHandler } from 'express';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Config } from './platform/config.ts';
import type { AppContext } from './platform/context.ts';
import { connectDatabase } from './platform/db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/embedded-postgres.ts';
import { createLogger } from './platform/log.ts';
import { applyMigrations, readMigrations } from './platform/migrate.ts';
import { outageMonitor } from './platform/outage.ts';
import { createStorage } from './platform/storage.ts';
import { startJobs } from './platform/jobs.ts';
import { createMailTransport } from './platform/mail/transports.ts';
import { startOutboxWorker } from './platform/mail/worker.ts';
import { createApp } from './app.ts';
import { createAdminRouter } from '../admin/index.ts';
import { anyRealUser, initializeAdmins } from './users/service.ts';

export interface RunningServer {
  ctx: AppContext;
  url: string;
  /** The administrators this start created (development, empty database), else empty. */
  createdAdmins: { name: string; email: string }[];
  /** Settles once the admin panel is built (it is built after the server listens). */
  ready: Promise<void>;
  /** Stops accepting connections, lets in-flight requests finish, then closes everything. */
  close(): Promise<void>;
}

/** Hands requests to `router` once it exists. */
function deferredRouter(router: Promise<RequestHandler>): RequestHandler {
  return (req, res, next) => {
    router.then((ready) => ready(req, res, next), next);
  };
}

export interface StartOptions {
  /** Skip the migrations: cluster workers (main.ts), whose primary applied them before forking (platform/cluster.ts). */
  skipMigrations?: boolean;
  /** Run the mail outbox and the cron jobs here (default); one cluster worker per instance does. */
  backgroundWork?: boolean;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = createLogger(config);
  const migrations = readMigrations();
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'pglite');
    embedded = await startEmbeddedPostgres({ dataDir, maxConnections: config.databasePoolSize + 10, migrations });
    databaseUrl = embedded.url;
    logger.info({ dataDir, dataFolder: embedded.dataFolder }, 'embedded PostgreSQL (PGlite) started');
  }
  const db = connectDatabase(databaseUrl, {
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    onPreparedStatementsRefused: (error) =>
      logger.warn(
        { err: error },
        'the database does not keep prepared statements (a pooler in transaction mode?): running them unprepared; set DATABASE_PREPARED_STATEMENTS=false',
      ),
  });
  // One outage monitor for the API and the background work: an outage is logged once.
  const ctx: AppContext = { config, db, logger, storage: createStorage(config), outage: outageMonitor(db, logger) };
  // Importing AdminJS takes most of a start (seconds on a small machine): the server listens
  // first, the panel is built right after, and a panel request arriving meanwhile waits for it.
  let buildPanel!: () => void;
  const panel = new Promise<void>((resolve) => (buildPanel = resolve)).then(() => createAdminRouter(ctx));
  panel.catch(() => {}); // reported through `ready`
  const server = http.createServer(createApp(ctx, deferredRouter(panel), { processMetrics: true }));
  let createdAdmins: { name: string; email: string }[] = [];
  try {
    if (!options.skipMigrations) {
      const applied = await applyMigrations(databaseUrl, migrations);
      if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');
    }
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
    buildPanel();
    if (!config.isProduction && config.adminInitialPassword && !(await anyRealUser(db))) {
      createdAdmins = await initializeAdmins(db.prisma, config.admins, config.adminInitialPassword);
      logger.info({ admins: config.admins.map((admin) => admin.email) }, 'first administrators created');
    }
  } catch (error) {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    await db.close();
    await embedded?.stop();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  // Background work: the mail outbox (nothing is queued while mails are disabled) and cron jobs.
  const backgroundWork = options.backgroundWork ?? true;
  const mailWorker = backgroundWork && config.mail.enabled ? startOutboxWorker(ctx, createMailTransport(config, logger)) : undefined;
  const jobs = backgroundWork ? startJobs(ctx) : undefined;

  let closing: Promise<void> | undefined;
  return {
    ctx,
    url: `http://127.0.0.1:${port}`,
    createdAdmins,
    ready: panel.then(() => {}),
    close() {
      closing ??= (async () => {
        await panel.catch(() => {});
        // Idle keep-alive sockets are closed now; busy ones once their response is sent.
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await stopped;
        await jobs?.stop();
        await mailWorker?.stop();
        await db.close();
        await embedded?.stop();
        logger.info('server stopped');
      })();
      return closing;
    },
  };
}
