// Migrations when `npm start` runs: pending ones are applied (platform/migrate.ts), nothing to do
// costs one query, and a failed or edited migration stops the start with what to do.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../scripts/start-command.ts';
import { createEmptyDatabase, createTestDatabase, withClient, type EmptyDatabase, type TestDatabase } from '../test/database.ts';
import { startServerProcess } from '../test/processes.ts';
import { readMigrations } from './migrate.ts';

const LAST = readMigrations().at(-1)!.name;

async function startAndStop(url: string) {
  const server = await startServerProcess({ DATABASE_URL: url, LOG_LEVEL: 'info' });
  const health = await fetch(`${server.url}/healthz`);
  server.child.kill('SIGTERM');
  await server.exited;
  return { status: health.status, output: server.output() };
}

/** Starts the server and expects it to refuse; resolves with what it printed. */
async function failedStart(url: string): Promise<string> {
  const error = await startServerProcess({ DATABASE_URL: url, LOG_LEVEL: 'info' }).then(
    (server) => {
      server.child.kill('SIGTERM');
      throw new Error(`the server started:\n${server.output()}`);
    },
    (rejection: Error) => rejection,
  );
  expect(error.message).toMatch(/^server exited with 1 before listening/);
  return error.message;
}

beforeAll(() => buildServer(), 120_000);

describe('migrations at start', () => {
  let empty: EmptyDatabase;
  let migrated: TestDatabase;
  beforeAll(async () => {
    [empty, migrated] = await Promise.all([createEmptyDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([empty?.destroy(), migrated?.destroy()]);
  });

  it('applies the pending migrations as Prisma records them, then has nothing to do on the next start', async () => {
    const first = await startAndStop(empty.url);
    expect(first.status).toBe(200);
    expect(first.output).toMatch(/database migrations applied/);
    const rows = await withClient(empty.url, (client) =>
      client.query('SELECT migration_name, checksum FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1'),
    );
    expect(rows.rows).toEqual(readMigrations().map(({ name, checksum }) => ({ migration_name: name, checksum })));

    const second = await startAndStop(empty.url);
    expect(second.status).toBe(200);
    expect(second.output).not.toMatch(/database migrations applied/);
  }, 240_000);

  it('refuses to start over a failed migration, and says how to resolve it', async () => {
    await migrated.db.pool.query('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1', [LAST]);
    try {
      const output = await failedStart(migrated.url);
      expect(output).toContain(`Migration ${LAST} failed and was never completed`);
      expect(output).toContain(`prisma migrate resolve --config prisma/prisma.config.ts --rolled-back ${LAST}`);
    } finally {
      await migrated.db.pool.query('UPDATE _prisma_migrations SET finished_at = started_at WHERE migration_name = $1', [LAST]);
    }
  }, 120_000);

  it('refuses to start when an applied migration was edited since', async () => {
    const [{ checksum }] = (await migrated.db.pool.query('SELECT checksum FROM _prisma_migrations WHERE migration_name = $1', [LAST])).rows;
    await migrated.db.pool.query('UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1', [LAST, '0'.repeat(64)]);
    try {
      const output = await failedStart(migrated.url);
      expect(output).toContain(`Migration ${LAST} was edited after it was applied`);
    } finally {
      await migrated.db.pool.query('UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1', [LAST, checksum]);
    }
    expect((await startAndStop(migrated.url)).status).toBe(200);
  }, 120_000);
});
