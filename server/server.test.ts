// The whole server as an operator runs it (`npm start`: the build, then dist/server/main.js):
// graceful shutdown with a request in flight, and the embedded database surviving a restart.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './test/context.ts';
import { projectRoot, startServerProcess } from './test/processes.ts';
import { buildServer, startCommand } from '../scripts/start-command.ts';

beforeAll(() => buildServer(), 120_000);

function rawRequest(url: string) {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let response = '';
  socket.on('data', (chunk) => (response += chunk.toString()));
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(response)));
  return { socket, closed };
}

describe('graceful shutdown', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.database.destroy());

  it('lets an in-flight request finish after SIGTERM, then exits 0', async () => {
    const server = await startServerProcess({ DATABASE_URL: ctx.database.url, LOG_LEVEL: 'info' });
    const body = JSON.stringify({ username: 'nobody@example.org', password: 'whatever-password' });
    const { socket, closed } = rawRequest(server.url);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Headers and half of the body now, the rest after the signal.
    socket.write(
      `POST /api/auth/get-token/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.write(body.slice(10));

    const response = await closed;
    expect(response).toMatch(/^HTTP\/1\.1 (200|400|404) /);
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('server stopped');
  }, 180_000);
});

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('embedded database (npm start without DATABASE_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-data-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts with no configuration, and keeps its data across a restart', async () => {
    const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: '' };
    const first = await startServerProcess(env);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(first.output()).toContain('first administrators created');
    expect(first.output()).toMatch(/log in as oser\.geek@gmail\.com with password "admin"/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startServerProcess(env);
    expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
    // The admin created by the first start is still there: no second creation.
    expect(second.output()).not.toContain('first administrators created');
    expect(second.output()).not.toContain('with password');
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 300_000);

  it('finishes starting when SIGTERM comes meanwhile, then stops cleanly', async () => {
    const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-data-'));
    const [node, ...args] = startCommand();
    const child = spawn(node, args, {
      cwd: projectRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: freshDir, LOG_LEVEL: 'info', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let signalled = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Logged in the middle of the start: the database is open, the migrations and the HTTP server are to come.
      if (!signalled && output.includes('embedded PostgreSQL (PGlite) started')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    try {
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(signalled).toBe(true);
      expect(code).toBe(0);
      expect(output).toContain('first administrators created');
      expect(output).toContain('server stopped');
    } finally {
      fs.rmSync(freshDir, { recursive: true, force: true });
    }
  }, 300_000);
});
