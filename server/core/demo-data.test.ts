// populatedb's demo data (docs/decisions.md#commands, original test_populatedb): it runs, creates every kind
// of row and the known accounts, stores its sample files; clean-media then finds exactly
// the files the demo leaves unreferenced; --clean removes it all.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { verifyPassword } from '../users/passwords.ts';
import { cleanMedia } from './clean-media.ts';
import { cleanDemo, KNOWN_PASSWORD, populateDemo } from './demo-data.ts';
import { demoPdf, demoPng } from './demo-files.ts';

let ctx: TestContext;
const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-demo-'));
beforeAll(async () => {
  ctx = await createTestContext({ MEDIA_ROOT: mediaRoot });
});
afterAll(async () => {
  await ctx?.database.destroy();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

async function storedKeys(): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of ctx.storage.list()) keys.push(object.key);
  return keys.sort();
}

describe('sample files', () => {
  it('are a valid PNG and a valid PDF', () => {
    const png = demoPng(4, 3, [0, 0, 0], [255, 255, 255]);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.readUInt32BE(16)).toBe(4);
    const idat = png.indexOf('IDAT');
    const raw = zlib.inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe((4 * 3 + 1) * 3);
    const pdf = demoPdf('Fiche (sortie)', ['Prévoir un ticket']).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1]);
    expect(pdf.slice(xref, xref + 4)).toBe('xref');
    const firstObject = Number(/\n(\d{10}) 00000 n/.exec(pdf)![1]);
    expect(pdf.slice(firstObject, firstObject + 7)).toBe('1 0 obj');
    expect(pdf).toContain('(Fiche \\(sortie\\)) Tj');
  });
});

describe('populatedb', () => {
  it('creates rows of every kind, the known accounts and the sample files', async () => {
    const lines = await populateDemo(ctx.db.prisma, ctx.storage);
    expect(lines).toEqual(
      expect.arrayContaining(['Created 6 lycéens', 'Created 6 tuteurs', 'Created 8 sorties', 'Created 3 lieux', 'Created 2 documents']),
    );
    const { prisma } = ctx.db;
    const jean = await prisma.user.findUniqueOrThrow({ where: { email: 'jean.durant@example.com' }, include: { student: true } });
    expect(jean.student).not.toBeNull();
    expect((await verifyPassword(jean.password, KNOWN_PASSWORD)).valid).toBe(true);
    const martin = await prisma.user.findUniqueOrThrow({ where: { email: 'martin.bond@example.com' }, include: { tutor: true } });
    expect(martin.isStaff).toBe(true);
    const lastVisit = await prisma.visit.findFirstOrThrow({ orderBy: [{ date: 'desc' }, { id: 'desc' }], include: { organizers: true } });
    expect(lastVisit.organizers.map((organizer) => organizer.tutorId)).toContain(martin.tutor!.id);
    expect(await prisma.tutoringSession.count()).toBe(9);
    expect(await prisma.participation.count()).toBeGreaterThan(8);
    const emails = (await prisma.user.findMany({ select: { email: true } })).map((user) => user.email);
    expect(
      emails.filter((email) => email.endsWith('@example.net')).every((email) => /^[a-z0-9]+\.[a-z0-9]+-\d+@example\.net$/.test(email)),
    ).toBe(true);

    const visit = await prisma.visit.findFirstOrThrow({ orderBy: { id: 'asc' } });
    for (const key of [visit.image!, visit.factSheet!]) expect(await ctx.storage.exists(key)).toBe(true);
    expect((await storedKeys()).length).toBe(8 + 8 + 4 + 3 + 2);

    // A second run adds new random people but never duplicates the known accounts.
    await populateDemo(ctx.db.prisma, ctx.storage);
    expect(await prisma.user.count({ where: { email: 'jean.durant@example.com' } })).toBe(1);
  });

  it('leaves exactly two unreferenced files, which clean-media finds', async () => {
    const report = await cleanMedia(ctx.db.prisma, ctx.storage, { minAgeMs: 0, dryRun: true });
    expect(report.unused).toHaveLength(4); // two per run
    expect(report.unused.every((key) => key.startsWith('visits/images/ancienne-affiche_') || key.startsWith('markdownx/'))).toBe(true);
  });

  it('--clean removes the demo rows and then their files', async () => {
    await cleanDemo(ctx.db.prisma);
    const report = await cleanMedia(ctx.db.prisma, ctx.storage, { minAgeMs: 0 });
    expect(report.failed).toEqual([]);
    expect(await storedKeys()).toEqual([]);
    const { prisma } = ctx.db;
    expect(await prisma.visit.count()).toBe(0);
    expect(await prisma.student.count()).toBe(0);
    expect(await prisma.user.count({ where: { isSuperuser: false } })).toBe(0);
  });
});
