// The benchmark's CPU meter of a PostgreSQL server on this machine (its "database" column):
// backends come and go during a run, and the sum must not lose the CPU of those that exited.
import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readCpuSecondsOfCommand } from './processes.ts';

const serverUrl = process.env.TEST_DATABASE_URL;
const local = serverUrl && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname) && fs.existsSync('/proc');

describe.skipIf(!local)('CPU time of the postgres processes (skipped without a PostgreSQL server on this machine)', () => {
  it('keeps the CPU of backends that exited', async () => {
    const before = readCpuSecondsOfCommand('postgres');
    const clients = [new pg.Client({ connectionString: serverUrl }), new pg.Client({ connectionString: serverUrl })];
    const pids: number[] = [];
    for (const client of clients) {
      await client.connect();
      pids.push((await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid);
    }
    // Some CPU in each backend.
    await Promise.all(clients.map((client) => client.query('SELECT count(*) FROM generate_series(1, 3000000)')));
    const whileConnected = readCpuSecondsOfCommand('postgres');
    expect(whileConnected - before).toBeGreaterThan(0.1);

    await Promise.all(clients.map((client) => client.end()));
    const deadline = Date.now() + 5000;
    while (pids.some((pid) => fs.existsSync(`/proc/${pid}`)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pids.filter((pid) => fs.existsSync(`/proc/${pid}`))).toEqual([]);
    // The postmaster waited for them: their time is now its children's.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(readCpuSecondsOfCommand('postgres')).toBeGreaterThanOrEqual(whileConnected);
  });
});
