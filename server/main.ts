// Entry point of `npm start`: configuration, start, signals.
import { ConfigError, parseConfig } from './platform/config.ts';
import { startServer } from './server.ts';

let config;
try {
  config = parseConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const server = await startServer(config).catch((error: unknown) => {
  console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

server.ready.catch((error: unknown) => {
  server.ctx.logger.fatal({ err: error }, 'the admin panel could not be built');
  process.exit(1);
});

const address = server.url.replace('127.0.0.1', 'localhost');
console.log(`OSER server listening on ${address}`);
console.log(`  REST API:      ${address}/api/   (docs: ${address}/api/docs/)`);
if (server.createdAdmins.length > 0) {
  const emails = server.createdAdmins.map((admin) => admin.email).join(', ');
  console.log(`  Admin panel:   ${address}/   log in as ${emails} with password "${config.adminInitialPassword}" (change it!)`);
} else {
  console.log(`  Admin panel:   ${address}/   log in with a staff account (first admin: npm run initadmin)`);
}
console.log(`  Database:      ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}/pglite`}`);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
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
  });
}
