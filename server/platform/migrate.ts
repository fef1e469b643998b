// Applies pending migrations with Prisma's own `migrate deploy` (JS schema engine, see
// prisma/prisma.config.ts), on the embedded database and on a real server alike.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot } from './paths.ts';

const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');

export class MigrationError extends Error {}

export function applyMigrations(databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [prismaCli, 'migrate', 'deploy', '--config', path.join(projectRoot, 'prisma/prisma.config.ts')],
      {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}
