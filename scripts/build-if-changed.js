// npm start's prestart: runs `npm run build` (scripts/build.ts) only when an input of the build
// changed since the last one. Plain Node on purpose: loading tsx and esbuild to find nothing to
// do cost about a second of CPU on every restart (docs/benchmark.md, start-up).
// Inputs: the sources, the lockfile (AdminJS's version), the build script; each file's path,
// size and modification time, hashed. scripts/build.ts writes the hash after a build.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INPUT_FOLDERS = ['server', 'admin', 'public'];
const INPUT_FILES = ['scripts/build.ts', 'scripts/build-if-changed.js', 'package.json', 'package-lock.json', 'tsconfig.json'];
const OUTPUTS = ['dist/server/main.js', 'dist/admin-bundle/bundle.js', 'dist/admin-assets', 'dist/pglite-template'];
/** Where scripts/build.ts records the fingerprint of the inputs it built from. */
export const fingerprintFile = (root = projectRoot) => path.join(root, 'dist', 'build-inputs.sha256');

function* files(root, folder) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, folder), { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* files(root, relative);
    else yield relative;
  }
}

/** The hash of the build's inputs as they are now (`root`: the project's folder). */
export function inputsFingerprint(root = projectRoot) {
  const hash = crypto.createHash('sha256');
  const all = [...INPUT_FOLDERS.flatMap((folder) => [...files(root, folder)]), ...INPUT_FILES].sort();
  for (const file of all) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, file));
    } catch {
      stat = null;
    }
    hash.update(`${file}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}\n`);
  }
  return hash.digest('hex');
}

/** Whether dist/ was built from the inputs as they are now. */
export function buildIsCurrent(root = projectRoot) {
  if (!OUTPUTS.every((output) => fs.existsSync(path.join(root, output)))) return false;
  try {
    return fs.readFileSync(fingerprintFile(root), 'utf8').trim() === inputsFingerprint(root);
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && !buildIsCurrent()) {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  const result = spawnSync(process.execPath, [tsxCli, 'scripts/build.ts'], { cwd: projectRoot, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
