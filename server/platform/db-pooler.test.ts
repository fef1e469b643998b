// Prepared statements behind a real PgBouncer in transaction mode (Debian's 1.18 keeps none):
// the pool finds out at the first refusal, says so once, and every statement still answers.
// Needs TEST_DATABASE_URL and the pgbouncer program (CI installs Debian's).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/private-postgres.ts';
import { connectDatabase } from './db.ts';

const PGBOUNCER = '/usr/sbin/pgbouncer';
const serverUrl = process.env.TEST_DATABASE_URL;
const unavailable = !serverUrl ? 'needs TEST_DATABASE_URL' : !fs.existsSync(PGBOUNCER) ? `needs ${PGBOUNCER}` : undefined;

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** PgBouncer in transaction mode in front of TEST_DATABASE_URL's server, on a free port. */
async function startPgBouncer(): Promise<{ url: string; stop(): void }> {
  const server = new URL(serverUrl!);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-pgbouncer-'));
  fs.chmodSync(folder, 0o755); // read by the postgres user when the tests run as root
  const port = await freePort();
  fs.writeFileSync(path.join(folder, 'users.txt'), `"${server.username || 'postgres'}" ""\n`);
  fs.writeFileSync(
    path.join(folder, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${path.join(folder, 'users.txt')}`,
      'pool_mode = transaction',
      'default_pool_size = 4',
    ].join('\n'),
  );
  // PgBouncer refuses to run as root.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'postgres'] : [];
  const child: ChildProcess = spawn(PGBOUNCER, [...asRoot, path.join(folder, 'pgbouncer.ini')], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100 && !(await acceptsConnections(port)); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = new URL(serverUrl!);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    stop() {
      child.kill('SIGINT');
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

describe.skipIf(unavailable)(`prepared statements behind PgBouncer in transaction mode (${unavailable ?? 'real'})`, () => {
  let pooler: Awaited<ReturnType<typeof startPgBouncer>>;
  beforeAll(async () => {
    pooler = await startPgBouncer();
  });
  afterAll(() => pooler?.stop());

  it('stop at the first refusal, reported once, and no statement fails', async () => {
    const refusals: string[] = [];
    const db = connectDatabase(pooler.url, {
      poolSize: 6,
      preparedStatements: true,
      onPreparedStatementsRefused: (error) => refusals.push((error as Error & { code?: string }).code ?? ''),
    });
    try {
      for (let round = 0; round < 10; round += 1) {
        // More clients than the pooler's four server sessions: statements move between sessions.
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, value) => db.query<{ n: number }>('SELECT $1::int * 2 AS n', [value])),
        );
        expect(answers).toEqual(Array.from({ length: 8 }, (_, value) => [{ n: value * 2 }]));
      }
      expect(refusals).toHaveLength(1);
      expect(['26000', '42P05']).toContain(refusals[0]);
    } finally {
      await db.close();
    }
  });
});
