// Child process of the benchmark when no PostgreSQL server is reachable: an in-memory
// embedded PostgreSQL; prints `URL <url>` once it listens, stops on SIGTERM.
import { startEmbeddedPostgres } from '../../server/platform/embedded-postgres.ts';

// Pools: the server (10), the floor (10), the in-process counter and the seeder (a few).
const embedded = await startEmbeddedPostgres({ maxConnections: 40 });
console.log(`URL ${embedded.url}`);
process.on('SIGTERM', () => {
  void embedded.stop().then(() => process.exit(0));
});
