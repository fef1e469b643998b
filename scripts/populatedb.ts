// npm run populatedb -- [--preview|--clean|--cleanbefore]: demo data, development only (docs/decisions.md#commands).
import { cleanMedia, formatCleanMediaReport } from '../server/core/clean-media.ts';
import { AFFECTED_MODELS, cleanDemo, KNOWN_ACCOUNTS, KNOWN_PASSWORD, populateDemo } from '../server/core/demo-data.ts';
import { createStorage } from '../server/platform/storage.ts';
import { fail, loadConfigOrExit, parseFlagsOrExit, withDatabase } from './cli.ts';

const HELP = `Usage: npm run populatedb -- [--preview | --clean | --cleanbefore]

Fills the database with demo data (development only; refused when NODE_ENV=production):
schools, tutoring groups and sessions, students and tutors, places, visits with organizers,
participants and files (sample image and PDF generated on the fly), documents with images.
Known accounts (password ${KNOWN_PASSWORD}): ${KNOWN_ACCOUNTS.map((account) => `${account.email} (${account.role})`).join(', ')}.

  --preview      list the affected models and exit
  --clean        delete all students, tutors, visits, places, every non-superuser user and
                 the demo rows, then remove the files nothing references any more
  --cleanbefore  clean, then populate
  --help         this help`;

const args = parseFlagsOrExit(
  {
    preview: { type: 'boolean', default: false },
    clean: { type: 'boolean', default: false },
    cleanbefore: { type: 'boolean', default: false },
  },
  HELP,
);
if ([args.preview, args.clean, args.cleanbefore].filter(Boolean).length > 1) fail('Use only one of --preview, --clean, --cleanbefore.');
if (args.preview) {
  console.log(`Affected models:\n${AFFECTED_MODELS.map((model) => `  ${model}`).join('\n')}`);
  process.exit(0);
}

const config = loadConfigOrExit();
// docs/decisions.md#security-fixes, S15: --clean deletes every non-superuser account.
if (config.isProduction) fail('populatedb refuses to run in production (NODE_ENV=production).');
const storage = createStorage(config);

try {
  await withDatabase(config, async (db) => {
    if (args.clean || args.cleanbefore) {
      await cleanDemo(db.prisma);
      // The demo's files were just unreferenced: no age guard here.
      const report = await cleanMedia(db.prisma, storage, { minAgeMs: 0 });
      for (const line of formatCleanMediaReport(report, { minAgeMs: 0 })) console.log(line);
      console.log('Cleaned populated database.');
    }
    if (!args.clean) {
      for (const line of await populateDemo(db.prisma, storage)) console.log(line);
      console.log('Populated database.');
    }
  });
} catch (error) {
  fail(`populatedb failed: ${error instanceof Error ? error.message : String(error)}`);
}
