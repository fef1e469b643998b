import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDatabaseBusy, startEmbeddedPostgres } from './embedded-postgres.ts';

const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'oser-pglite-')), 'pglite');
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  it('keeps committed data in its folder across a stop and a start', async () => {
    const first = await startEmbeddedPostgres({ dataDir });
    await query(first.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await first.stop();
    const second = await startEmbeddedPostgres({ dataDir });
    try {
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('refuses a second opener of the same folder while the first runs', async () => {
    const owner = await startEmbeddedPostgres({ dataDir });
    try {
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(EmbeddedDatabaseBusy);
    } finally {
      await owner.stop();
    }
    // Released at stop.
    const next = await startEmbeddedPostgres({ dataDir });
    await next.stop();
  }, 120_000);

  it('takes over the lock of a process that died', async () => {
    fs.writeFileSync(`${dataDir}.lock`, '999999999');
    const database = await startEmbeddedPostgres({ dataDir });
    await database.stop();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  }, 120_000);
});
