// npm start's build check (scripts/build-if-changed.js): a restart with nothing changed skips the
// build; any change of an input, or a missing output, rebuilds.
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
