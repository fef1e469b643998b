// Prisma's own CLI, for the tests that check our migration history is the one Prisma expects
// (the server applies migrations itself, platform/migrate.ts). Asynchronous: an embedded
// database answering the CLI may live in the test's own process.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { projectRoot } from '../platform/paths.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

/** Runs `prisma <args> --config prisma/prisma.config.ts` on `databaseUrl`. */
export async function runPrisma(args: string[], databaseUrl: string): Promise<{ stdout: string; stderr: string }> {
  const { stdout, stderr } = await promisify(execFile)(process.execPath, [prismaCli, ...args, '--config', 'prisma/prisma.config.ts'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    encoding: 'utf8',
    maxBuffer: 10 * 1024 * 1024,
  });
  return { stdout, stderr };
}

/** `prisma migrate deploy`'s output. */
export async function prismaMigrateDeploy(databaseUrl: string): Promise<string> {
  const { stdout, stderr } = await runPrisma(['migrate', 'deploy'], databaseUrl);
  return stdout + stderr;
}
