// Entry point of `npm start`: configuration, start (one process, or WEB_CONCURRENCY workers
// under node:cluster, see platform/cluster.ts), signals.
import cluster from 'node:cluster';
import os from 'node:os';
import { ConfigError, parseConfig, type Config } from './platform/config.ts';
import { runPrimary, runsBackgroundWork, type ClusterMessage } from './platform/cluster.ts';

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

function failed(error: unknown): never {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function printBanner(config: Config, url: string, createdAdmins: { email: string }[]) {
  const address = url.replace('127.0.0.1', 'localhost');
  console.log(`OSER server listening on ${address}`);
  console.log(`  REST API:      ${address}/api/   (docs: ${address}/api/docs/)`);
  if (createdAdmins.length > 0) {
    const emails = createdAdmins.map((admin) => admin.email).join(', ');
    console.log(`  Admin panel:   ${address}/   log in as ${emails} with password "${config.adminInitialPassword}" (change it!)`);
  } else {
    console.log(`  Admin panel:   ${address}/   log in with a staff account (first admin: npm run initadmin)`);
  }
  console.log(`  Database:      ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pglite`}`);
  if (config.webConcurrency > 1) console.log(`  Workers:       ${config.webConcurrency} (WEB_CONCURRENCY)`);
}

if (cluster.isPrimary && config.webConcurrency > 1) {
  const { url, createdAdmins } = await runPrimary(config).catch(failed);
  printBanner(config, url, createdAdmins);
} else {
  // A stop asked for while starting (a supervisor's SIGTERM, Ctrl-C) waits for the start to end,
  // then stops as below: killed mid-start, the process would leave the embedded database
  // unclosed, or the first administrators half made. A second signal stops at once.
  let stopAsked: NodeJS.Signals | undefined;
  const whileStarting = (signal: NodeJS.Signals) => {
    if (stopAsked) process.exit(128 + os.constants.signals[signal]);
    stopAsked = signal;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, whileStarting);
  // Imported here: the primary of a cluster never loads Express, Prisma or AdminJS.
  const { startServer } = await import('./server.ts');
  const server = await startServer(config, cluster.isWorker ? { skipMigrations: true, backgroundWork: runsBackgroundWork() } : {}).catch(
    failed,
  );
  server.ready.catch((error: unknown) => {
    server.ctx.logger.fatal({ err: error }, 'the admin panel could not be built');
    process.exit(1);
  });
  if (cluster.isWorker) {
    process.send!({ type: 'oser:ready', url: server.url, createdAdmins: server.createdAdmins } satisfies ClusterMessage);
  } else {
    printBanner(config, server.url, server.createdAdmins);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.ctx.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.ctx.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.off(signal, whileStarting);
    process.on(signal, () => stop(signal));
  }
  // A worker whose primary is gone (killed) stops too.
  if (cluster.isWorker) process.on('disconnect', () => stop('disconnect'));
  if (stopAsked) stop(stopAsked);
}
