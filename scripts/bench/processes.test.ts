// The benchmark's CPU meters (its "CPU ms/req" and "database" columns): a process and its
// descendants, those that exited during a run included, and a local PostgreSQL found from a
// backend.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { commandOf, parentPid, readTreeCpuSeconds } from './processes.ts';

/** Resolves when the process prints `line`. */
function printed(output: NodeJS.ReadableStream, line: string): Promise<void> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.split('\n').includes(line)) {
        output.off('data', onData);
        resolve();
      }
    };
    output.on('data', onData);
  });
}

describe('CPU time of a process tree', () => {
  it('keeps the time of a child that exited', async () => {
    // A parent whose child burns about 0.3 s of CPU, says so, idles, exits; the parent waits for it.
    const parent = spawn(process.execPath, [
      '-e',
      `const child = require('node:child_process').spawn(process.execPath, ['-e',
         'const end = Date.now() + 300; while (Date.now() < end); console.log("burned"); setTimeout(() => {}, 300)'],
         { stdio: 'inherit' });
       child.on('exit', () => console.log('exited'));
       setTimeout(() => {}, 30000);`,
    ]);
    try {
      const before = readTreeCpuSeconds(parent.pid!);
      await printed(parent.stdout, 'burned');
      const whileAlive = readTreeCpuSeconds(parent.pid!);
      expect(whileAlive - before).toBeGreaterThan(0.2);
      await printed(parent.stdout, 'exited');
      expect(readTreeCpuSeconds(parent.pid!)).toBeGreaterThanOrEqual(whileAlive);
    } finally {
      parent.kill();
    }
  });
});

const serverUrl = process.env.TEST_DATABASE_URL;
const local = serverUrl && ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname) && fs.existsSync('/proc');

describe.skipIf(!local)('a PostgreSQL server on this machine (skipped without one)', () => {
  it('is found from a backend: its postmaster, whose tree has the backends', async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      const { pid } = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
      const postmaster = parentPid(pid);
      expect(commandOf(pid)).toBe('postgres');
      expect(commandOf(postmaster)).toBe('postgres');
      const before = readTreeCpuSeconds(postmaster);
      await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
      expect(readTreeCpuSeconds(postmaster) - before).toBeGreaterThan(0.1);
    } finally {
      await client.end();
    }
  });
});
