// clean_media (docs/decisions.md#media-cleanup): deletes stored files that nothing in the database references,
// on either storage backend. Fixes S16: full-path comparison for Markdown references, a
// minimum age (an editor upload is unreferenced until its form is saved), a dry run.
import type { PrismaClient } from '@prisma/client';
import { assertSafeKey, type Storage } from '../platform/storage.ts';
import { collectReferences, isReferenced, type MediaReferences } from './media-references.ts';

export interface CleanMediaOptions {
  /** Only scan below this folder of the media root; references stay global. */
  top?: string;
  dryRun?: boolean;
  /** Files younger than this are kept even when unreferenced. */
  minAgeMs: number;
  now?: Date;
  /** Called every `progressEvery` scanned files, for long runs. */
  onProgress?: (scanned: number) => void;
  progressEvery?: number;
}

export interface CleanMediaReport {
  referenced: number;
  scanned: number;
  /** Unreferenced and old enough: deleted (or, in a dry run, to delete). */
  unused: string[];
  /** Unreferenced but younger than the minimum age: kept. */
  recent: string[];
  deleted: string[];
  failed: string[];
  removedFolders: string[];
}

/** Every file column (Visit image, fact sheet, permission) and Markdown column of the schema. */
export async function collectMediaReferences(prisma: PrismaClient): Promise<MediaReferences> {
  const [visits, places, documents] = await Promise.all([
    prisma.visit.findMany({ select: { image: true, factSheet: true, permission: true, description: true } }),
    prisma.place.findMany({ select: { description: true } }),
    prisma.document.findMany({ select: { content: true } }),
  ]);
  return collectReferences({
    files: visits.flatMap((visit) => [visit.image, visit.factSheet, visit.permission]),
    markdown: [
      ...visits.map((visit) => visit.description),
      ...places.map((place) => place.description),
      ...documents.map((document) => document.content),
    ],
  });
}

export async function cleanMedia(prisma: PrismaClient, storage: Storage, options: CleanMediaOptions): Promise<CleanMediaReport> {
  const top = options.top ? assertSafeKey(options.top.replace(/^\/+|\/+$/g, '')) : undefined;
  const now = (options.now ?? new Date()).getTime();
  const progressEvery = options.progressEvery ?? 1000;
  const references = await collectMediaReferences(prisma);
  const report: CleanMediaReport = {
    referenced: references.keys.size,
    scanned: 0,
    unused: [],
    recent: [],
    deleted: [],
    failed: [],
    removedFolders: [],
  };
  for await (const file of storage.list(top)) {
    report.scanned += 1;
    if (report.scanned % progressEvery === 0) options.onProgress?.(report.scanned);
    if (isReferenced(file.key, references)) continue;
    if (now - file.lastModified.getTime() < options.minAgeMs) report.recent.push(file.key);
    else report.unused.push(file.key);
  }
  if (options.dryRun) return report;
  for (const key of report.unused) {
    try {
      await storage.delete(key);
      report.deleted.push(key);
    } catch {
      report.failed.push(key);
    }
    if ((report.deleted.length + report.failed.length) % progressEvery === 0) options.onProgress?.(report.scanned);
  }
  // docs/decisions.md#media-cleanup step 4: only when something was deleted, and only where folders exist.
  if (report.deleted.length > 0 && storage.removeEmptyFolders) report.removedFolders = await storage.removeEmptyFolders();
  return report;
}

/** What the command prints (the original's messages, with counts instead of whole sets). */
export function formatCleanMediaReport(report: CleanMediaReport, options: { dryRun?: boolean; minAgeMs: number }): string[] {
  const lines = [`DB files: ${report.referenced}`, `Storage files: ${report.scanned}`, `Deletables: ${report.unused.length}`];
  if (report.unused.length === 0) lines.push('No unused media files detected.');
  else lines.push('Unused media files were detected:', ...report.unused.map((key) => `  ${key}`));
  if (report.recent.length > 0) {
    const hours = Math.round(options.minAgeMs / 3_600_000);
    lines.push(`Unused but younger than ${hours} h, kept:`, ...report.recent.map((key) => `  ${key}`));
  }
  if (options.dryRun) {
    lines.push(`Dry run: ${report.unused.length} unused media file(s) would be removed.`);
    return lines;
  }
  if (report.unused.length > 0) lines.push(`Removed ${report.deleted.length} unused media file(s).`);
  if (report.failed.length > 0)
    lines.push(`${report.failed.length} unused media file(s) failed to be deleted.`, ...report.failed.map((key) => `  ${key}`));
  if (report.removedFolders.length > 0) lines.push(`Removed ${report.removedFolders.length} empty folder(s).`);
  return lines;
}
