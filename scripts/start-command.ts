// What `npm start` runs, for the tests and the benchmark that start the server as an operator
// would: the build (npm's prestart), then package.json's start command, as an argv whose
// process is the server itself (its pid gives its memory).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/platform/paths.ts';

/**
 * npm start's build step (scripts/build-if-changed.js): builds when an input changed, one
 * process at a time, so that test files starting servers in parallel never rebuild dist/
 * under each other. Throws with its output when it fails.
 */
export function buildServer(): void {
  const result = spawnSync(process.execPath, ['scripts/build-if-changed.js'], { cwd: projectRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
}

/** package.json's `start` as [executable, ...arguments], `node` being this Node.js. */
export function startCommand(): [string, ...string[]] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [program, ...args] = scripts.start!.trim().split(/\s+/);
  if (program !== 'node') throw new Error(`the start script should run node, not ${program}`);
  return [process.execPath, ...args];
}
