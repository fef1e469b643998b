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

const lockDir = (root) => path.join(root, 'dist', '.build-lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Whether a build lock was left by a process that died (or by one that died before writing its pid). */
function isStale(lock) {
  try {
    const owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
    return Number.isInteger(owner) && owner > 0 && !isAlive(owner);
  } catch {
    try {
      return Date.now() - fs.statSync(lock).mtimeMs > 60_000;
    } catch {
      return false; // released meanwhile
    }
  }
}

/**
 * Runs `build` (returning an exit status) unless dist/ is current, one process at a time:
 * several test files, or two `npm start` in one checkout, would otherwise delete and rewrite
 * dist/server under each other (and under a server starting from it). The others wait, then
 * find the build current.
 */
export function buildIfChanged(build, root = projectRoot) {
  if (buildIsCurrent(root)) return 0;
  const lock = lockDir(root);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (isStale(lock)) fs.rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    return buildIsCurrent(root) ? 0 : build();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  process.exit(
    buildIfChanged(() => spawnSync(process.execPath, [tsxCli, 'scripts/build.ts'], { cwd: projectRoot, stdio: 'inherit' }).status ?? 1),
  );
}
