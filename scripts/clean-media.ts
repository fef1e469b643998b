// npm run clean-media -- [--top DIR] [--dry-run] [--min-age-hours N]: deletes stored files
// that nothing in the database references (docs/decisions.md#media-cleanup).
import { cleanMedia, formatCleanMediaReport } from '../server/core/clean-media.ts';
import { withAdvisoryLock } from '../server/platform/jobs.ts';
import { createStorage, StorageError } from '../server/platform/storage.ts';
import { fail, loadConfigOrExit, parseFlagsOrExit, withDatabase } from './cli.ts';

const HELP = `Usage: npm run clean-media -- [--top DIR] [--dry-run] [--min-age-hours N]

Deletes the uploaded files (local MEDIA_ROOT or the S3 bucket's media/ folder) that no file
field and no Markdown text of the database references.

  --top DIR            only scan below DIR (relative to the media root); references stay global
  --dry-run            list what would be deleted, delete nothing
  --min-age-hours N    keep unreferenced files younger than N hours (default CLEAN_MEDIA_MIN_AGE_HOURS, 24)
  --help               this help`;

const args = parseFlagsOrExit(
  {
    top: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'min-age-hours': { type: 'string' },
  },
  HELP,
);
const minAgeHours = args['min-age-hours'] === undefined ? undefined : Number(args['min-age-hours']);
if (minAgeHours !== undefined && !(minAgeHours >= 0)) fail('--min-age-hours must be a number of hours (0 or more).');

const config = loadConfigOrExit();
try {
  const storage = createStorage(config);
  const options = {
    top: args.top,
    dryRun: args['dry-run'],
    minAgeMs: minAgeHours === undefined ? config.cleanMedia.minAgeMs : minAgeHours * 3_600_000,
    onProgress: (scanned: number) => console.error(`… ${scanned} stored files scanned`),
  };
  console.log(`Scanning ${storage.kind === 's3' ? 'the S3 bucket' : storage.root}${options.top ? ` below ${options.top}` : ''}…`);
  const report = await withDatabase(config, (db) =>
    withAdvisoryLock(db, 'oser:clean-media', () => cleanMedia(db.prisma, storage, options)),
  );
  if (!report) fail('Another media cleanup is running (server cron job?); try again later.');
  for (const line of formatCleanMediaReport(report, options)) console.log(line);
  if (report.failed.length > 0) process.exit(1);
} catch (error) {
  if (error instanceof StorageError) fail(error.message);
  fail(`Media cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
}
