// A test process killed before destroying its private PostgreSQL leaves the server running
// and its folder in /tmp: the next start stops and deletes those whose owner is gone, and
// only those.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './private-postgres.ts';

const unavailable = privatePostgresUnavailable();

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

describe.skipIf(unavailable)(`private PostgreSQL clusters left behind${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const started: PrivatePostgres[] = [];
  afterAll(async () => {
    for (const postgres of started) await postgres.destroy();
  });

  it("are stopped and deleted at the next start when their test process is gone; a live process's are kept", async () => {
    const orphan = await startPrivatePostgres();
    started.push(orphan);
    const kept = await startPrivatePostgres();
    started.push(kept);
    expect(fs.readFileSync(path.join(kept.folder, 'owner.pid'), 'utf8')).toBe(String(process.pid));
    // The orphan's owner: a process that has ended.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(path.join(orphan.folder, 'owner.pid'), String(gone));
    expect(await answers(orphan.url)).toBe(true);

    started.push(await startPrivatePostgres());

    expect(fs.existsSync(orphan.folder)).toBe(false);
    expect(await answers(orphan.url)).toBe(false);
    expect(await answers(kept.url)).toBe(true);
  }, 120_000);
});
