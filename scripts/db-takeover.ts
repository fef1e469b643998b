// npm run db:takeover: takes over the database of the Django backend (docs/decisions.md#taking-over-the-django-database); the
// logic lives in server/takeover/.
import { formatReport } from '../server/takeover/report.ts';
import { runTakeover } from '../server/takeover/service.ts';
import { fail, loadConfigOrExit, parseFlagsOrExit } from './cli.ts';

const USAGE = `Usage: DATABASE_URL=postgresql://… npm run db:takeover -- [--dry-run] [--drop-legacy]

Takes over the PostgreSQL database of the Django backend: recognises it, checks its data
(emails equal but for case, duplicate organizers and memberships, lower-case UAI codes,
the AnonymousUser row, values too long), then applies the fixes and brings the schema to
this server's migrations in one transaction. Back the database up first (pg_dump).

  --dry-run      print the report and change nothing
  --drop-legacy  also drop authtoken_token, django_session and the guardian tables
  --help         this text

Exit status: 0 done / dry run / nothing to do, 2 stopped (needs a decision, or not a
Django database), 1 failed (rolled back).`;

const values = parseFlagsOrExit({ 'dry-run': { type: 'boolean' }, 'drop-legacy': { type: 'boolean' } }, USAGE);
const databaseUrl = loadConfigOrExit().databaseUrl ?? fail(`DATABASE_URL must point at the Django backend's database.\n\n${USAGE}`);

try {
  const result = await runTakeover({
    databaseUrl,
    dryRun: values['dry-run'],
    dropLegacy: values['drop-legacy'],
    progress: (message) => console.error(message),
  });
  console.log(formatReport(result));
  process.exit({ blocked: 2, refused: 2, failed: 1 }[result.outcome as string] ?? 0);
} catch (error) {
  fail(`Takeover failed, nothing was changed: ${error instanceof Error ? error.message : String(error)}`);
}
