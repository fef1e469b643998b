// npm start's build check (scripts/build-if-changed.js): a restart with nothing changed skips the
// build; any change of an input, or a missing output, rebuilds.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, fingerprintFile, inputsFingerprint } from './build-if-changed.js';

let root: string;
const write = (file: string, content = 'x') => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
};
/** What scripts/build.ts leaves behind. */
const built = () => {
  for (const output of [
    'dist/server/main.js',
    'dist/admin-bundle/bundle.js',
    'dist/admin-assets/app.bundle.js',
    'dist/pglite-template/pglite-version',
  ])
    write(output);
  fs.writeFileSync(fingerprintFile(root), `${inputsFingerprint(root)}\n`);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-build-check-'));
  for (const file of ['server/main.ts', 'server/platform/db.ts', 'admin/index.ts', 'package.json', 'package-lock.json']) write(file);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('buildIsCurrent', () => {
  it('is false before the first build and true right after it', () => {
    expect(buildIsCurrent(root)).toBe(false);
    built();
    expect(buildIsCurrent(root)).toBe(true);
  });

  it.each([
    ['an edited source', () => write('server/platform/db.ts', 'changed')],
    ['a new source', () => write('admin/components/new.jsx')],
    ['a deleted source', () => fs.rmSync(path.join(root, 'server/main.ts'))],
    ['an upgraded dependency', () => write('package-lock.json', 'upgraded')],
    ['a missing output', () => fs.rmSync(path.join(root, 'dist/admin-bundle'), { recursive: true })],
    ['a missing database template', () => fs.rmSync(path.join(root, 'dist/pglite-template'), { recursive: true })],
  ])('is false after %s', (_name, change) => {
    built();
    change();
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('sees an edit that keeps the size, by its modification time', () => {
    built();
    const file = path.join(root, 'server/main.ts');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(buildIsCurrent(root)).toBe(false);
  });
});

describe('buildIfChanged', () => {
  /** A process that runs buildIfChanged on `root` with a build that logs itself, takes a while, then leaves what a build leaves. */
  const builder = () =>
    new Promise<number | null>((resolve) => {
      const script = `
        import fs from 'node:fs';
        import { buildIfChanged, fingerprintFile, inputsFingerprint } from ${JSON.stringify(path.resolve('scripts/build-if-changed.js'))};
        const root = ${JSON.stringify(root)};
        process.exit(buildIfChanged(() => {
          fs.appendFileSync(root + '/builds.log', process.pid + '\\n');
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
          for (const output of ['dist/server/main.js', 'dist/admin-bundle/bundle.js', 'dist/admin-assets/app.bundle.js', 'dist/pglite-template/pglite-version']) {
            fs.mkdirSync(root + '/' + output.slice(0, output.lastIndexOf('/')), { recursive: true });
            fs.writeFileSync(root + '/' + output, 'x');
          }
          fs.writeFileSync(fingerprintFile(root), inputsFingerprint(root) + '\\n');
          return 0;
        }, root));`;
      spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'inherit' }).once('exit', resolve);
    });
  const builds = () => fs.readFileSync(path.join(root, 'builds.log'), 'utf8').trim().split('\n');

  it('builds once when several processes ask at the same time; the others wait and find it built', async () => {
    expect(await Promise.all([builder(), builder(), builder()])).toEqual([0, 0, 0]);
    expect(builds()).toHaveLength(1);
    expect(buildIsCurrent(root)).toBe(true);
    expect(fs.existsSync(path.join(root, 'dist/.build-lock'))).toBe(false);
  });

  it('takes over the lock of a builder that died', async () => {
    fs.mkdirSync(path.join(root, 'dist/.build-lock'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    fs.writeFileSync(path.join(root, 'dist/.build-lock/pid'), String(dead));
    expect(await builder()).toBe(0);
    expect(builds()).toHaveLength(1);
  });
});
