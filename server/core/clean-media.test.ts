// The media cleanup on both storage backends: no referenced file is ever deleted (file
// columns and Markdown references), unreferenced old files are, recent ones are kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, inject } from 'vitest';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';
import { createStorage, type Storage } from '../platform/storage.ts';
import { startLocalS3, type LocalS3 } from '../test/local-s3.ts';
import { runCleanMediaJob, withAdvisoryLock } from '../platform/jobs.ts';
import { cleanMedia, formatCleanMediaReport } from './clean-media.ts';

const DAY = 24 * 3600 * 1000;
const REFERENCED = [
  'visits/fact_sheets/visit-factsheet.pdf', // file column
  'visits/images/visit-1_7TGFU5Y.jpg', // file column
  'markdownx/3f2b1c4d-logo.png', // document: /media/… image
  'markdownx/plan.png', // place: absolute URL
  'markdownx/schema.png', // document: relative path without /media/
  'docs/règlement.pdf', // visit description: URL-encoded link
  'home.png', // root file, original basename match
];
const UNREFERENCED = ['you_will_not_find_me/example.txt', 'markdownx/orphan.png', 'visits/images/old_replaced.jpg', 'logo.png/other.txt'];

let ctx: TestContext;
let s3: LocalS3;
const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-clean-'));

beforeAll(async () => {
  [ctx, s3] = await Promise.all([createTestContext(), startLocalS3()]);
  const { prisma } = ctx.db;
  await prisma.visit.create({
    data: {
      title: 'Visite',
      description: 'Voir [le règlement](/media/docs/r%C3%A8glement.pdf) et ![maison](some/where/home.png).',
      date: new Date('2031-05-21T00:00:00Z'),
      startTime: new Date('1970-01-01T14:00:00Z'),
      endTime: new Date('1970-01-01T16:00:00Z'),
      deadline: new Date('2031-05-14T21:59:00Z'),
      image: 'visits/images/visit-1_7TGFU5Y.jpg',
      factSheet: 'visits/fact_sheets/visit-factsheet.pdf',
      permission: '',
    },
  });
  await prisma.place.create({ data: { name: 'Palais', description: '![plan](http://localhost:8000/media/markdownx/plan.png)' } });
  await prisma.document.create({
    data: { title: 'Charte', slug: 'charte', content: '![logo OSER](/media/markdownx/3f2b1c4d-logo.png)\n![schéma](markdownx/schema.png)' },
  });
});
afterAll(async () => {
  await Promise.all([ctx?.database.destroy(), s3?.stop()]);
  fs.rmSync(localRoot, { recursive: true, force: true });
});

async function keys(storage: Storage): Promise<string[]> {
  const found: string[] = [];
  for await (const object of storage.list()) found.push(object.key);
  return found.sort();
}

describe.each(['local', 's3'] as const)('on %s storage', (kind) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = createStorage(testConfig(kind === 'local' ? { MEDIA_ROOT: localRoot } : s3.env));
    for (const key of await keys(storage)) await storage.delete(key);
    for (const key of [...REFERENCED, ...UNREFERENCED])
      await storage.put(key, Buffer.from(key), { contentType: 'application/octet-stream' });
  });

  it('deletes exactly the unreferenced files older than the minimum age', async () => {
    const lines: number[] = [];
    const report = await cleanMedia(ctx.db.prisma, storage, {
      minAgeMs: DAY,
      now: new Date(Date.now() + 2 * DAY),
      progressEvery: 5,
      onProgress: (scanned) => lines.push(scanned),
    });
    expect(report.deleted.sort()).toEqual([...UNREFERENCED].sort());
    expect(report.failed).toEqual([]);
    expect(await keys(storage)).toEqual([...REFERENCED].sort());
    expect(lines).toEqual([5, 10]);
    if (kind === 'local') {
      expect(fs.existsSync(path.join(localRoot, 'you_will_not_find_me'))).toBe(false);
      expect(fs.existsSync(path.join(localRoot, 'logo.png'))).toBe(false);
      expect(report.removedFolders.sort()).toEqual(['logo.png', 'you_will_not_find_me']);
    }
  });

  it('keeps unreferenced files younger than the minimum age', async () => {
    const report = await cleanMedia(ctx.db.prisma, storage, { minAgeMs: DAY });
    expect(report.deleted).toEqual([]);
    expect(report.recent.sort()).toEqual([...UNREFERENCED].sort());
    expect(await keys(storage)).toHaveLength(REFERENCED.length + UNREFERENCED.length);
  });

  it('only scans below --top (the original test_clean_media)', async () => {
    const report = await cleanMedia(ctx.db.prisma, storage, { minAgeMs: 0, top: 'you_will_not_find_me' });
    expect(report.deleted).toEqual(['you_will_not_find_me/example.txt']);
    expect(await storage.exists('visits/fact_sheets/visit-factsheet.pdf')).toBe(true);
    expect(await storage.exists('markdownx/orphan.png')).toBe(true);
    if (kind === 'local') expect(fs.existsSync(path.join(localRoot, 'you_will_not_find_me'))).toBe(false);
  });

  it('lists without deleting in a dry run', async () => {
    const options = { minAgeMs: 0, dryRun: true };
    const report = await cleanMedia(ctx.db.prisma, storage, options);
    expect(report.unused.sort()).toEqual([...UNREFERENCED].sort());
    expect(report.deleted).toEqual([]);
    expect(await keys(storage)).toHaveLength(REFERENCED.length + UNREFERENCED.length);
    const output = formatCleanMediaReport(report, options);
    expect(output).toContain('Unused media files were detected:');
    expect(output).toContain('  markdownx/orphan.png');
    expect(output.at(-1)).toBe('Dry run: 4 unused media file(s) would be removed.');
  });
});

describe('the scheduled job', () => {
  // The original test_tasks also timed it; speed is npm run bench's business, not a test's.
  it('runs to completion with the configured minimum age (the original test_tasks)', async () => {
    const storage = createStorage(testConfig({ MEDIA_ROOT: localRoot }));
    await storage.put('job/fresh-orphan.txt', Buffer.from('new'), { contentType: 'text/plain' });
    const report = await runCleanMediaJob({ ...ctx, storage });
    expect(report).not.toBeNull();
    // Just uploaded, so younger than the minimum age: reported as recent, kept.
    expect(report!.recent).toContain('job/fresh-orphan.txt');
    expect(report!.deleted).not.toContain('job/fresh-orphan.txt');
    expect(await storage.exists('job/fresh-orphan.txt')).toBe(true);
  });

  it.skipIf(inject('testDatabase').kind === 'pglite')('runs in one process at a time (advisory lock)', async () => {
    let release!: () => void;
    const holding = withAdvisoryLock(ctx.db, 'oser:clean-media', () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const jobCtx = { ...ctx, storage: createStorage(testConfig({ MEDIA_ROOT: localRoot })) };
    expect(await runCleanMediaJob(jobCtx)).toBeNull();
    release();
    await holding;
    expect(await runCleanMediaJob(jobCtx)).not.toBeNull();
  });
});
