// Start-up times for `npm run bench`: from running npm start's prestart build check (the build
// already done, as on a restart) and package.json's start command to the first `200` from /healthz, median of 3 runs each:
// a restart with nothing to migrate on the embedded database and on PostgreSQL, and the
// first start of a fresh clone (empty data folder: PGlite initialises it, Prisma migrates).
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCommand } from '../start-command.ts';
import { freePort } from './processes.ts';
import { get } from './http-get.ts';

const projectRoot = path.resolve(import.meta.dirname, '../..');
const RUNS = 3;
export const START_TARGETS = { restartSeconds: 2, firstStartSeconds: 8 };

/** Seconds from spawn to the first 200 of /healthz; the server is stopped afterwards. */
async function timeOneStart(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const [node, ...args] = startCommand();
  const started = performance.now();
  // npm's prestart: nothing to build, as on a restart (npm's own start-up is not counted).
  const check = spawnSync(node, ['scripts/build-if-changed.js'], { cwd: projectRoot, encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`the build check failed:\n${check.stdout}${check.stderr}`);
  const child = spawn(node, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before answering:\n${stderr}`);
      if ((await get(`http://127.0.0.1:${port}/healthz`).catch(() => ({ status: 0 }))).status === 200) {
        return (performance.now() - started) / 1000;
      }
      if (performance.now() - started > 180_000) throw new Error('the server did not answer /healthz within 180 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function medianOf(label: string, target: number, once: () => Promise<number>, log: (line: string) => void): Promise<boolean> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await once());
  const value = median(runs);
  const ok = value <= target;
  log(`  ${ok ? '✓' : '✗'} ${label}: ${value.toFixed(2)} s (target ≤ ${target} s; runs ${runs.map((s) => s.toFixed(2)).join(', ')})`);
  return ok;
}

/**
 * Prints the three start-up figures; `postgresUrl`: a migrated PostgreSQL database (omitted:
 * that figure is skipped). Resolves whether every figure met its target.
 */
export async function measureStartTimes(postgresUrl: string | undefined, log: (line: string) => void): Promise<boolean> {
  const common = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    MAILS_ENABLED: 'false',
    CLEAN_MEDIA_ENABLED: 'false',
  };
  const folders: string[] = [];
  const freshDataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-bench-start-'));
    folders.push(dir);
    return dir;
  };
  log(`Start-up (spawn → first 200 from /healthz, median of ${RUNS}):`);
  try {
    const firstStart = await medianOf(
      'first start, fresh clone (embedded database created and migrated)',
      START_TARGETS.firstStartSeconds,
      () => timeOneStart({ ...common, DATA_DIR: freshDataDir() }),
      log,
    );
    const dataDir = freshDataDir();
    await timeOneStart({ ...common, DATA_DIR: dataDir });
    const embedded = await medianOf(
      'restart, embedded database',
      START_TARGETS.restartSeconds,
      () => timeOneStart({ ...common, DATA_DIR: dataDir }),
      log,
    );
    let postgres = true;
    if (postgresUrl) {
      postgres = await medianOf(
        'restart, PostgreSQL',
        START_TARGETS.restartSeconds,
        () => timeOneStart({ ...common, DATA_DIR: dataDir, DATABASE_URL: postgresUrl }),
        log,
      );
    } else {
      log('  – restart, PostgreSQL: skipped (the bench runs on the embedded database)');
    }
    return firstStart && embedded && postgres;
  } finally {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  }
}
