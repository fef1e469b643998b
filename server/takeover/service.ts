// `npm run db:takeover`: takes over the database of the Django backend (docs/decisions.md#taking-over-the-django-database).
// Recognise it, check its data, then — unless it is a dry run or something needs a
// person's decision — apply the fixes and the schema migrations in ONE transaction: on any
// failure nothing has changed.
import pg from 'pg';
import { applyMigrations, dropLegacyTables, laterMigrations } from './apply.ts';
import { runChecks, type Finding, type Progress } from './checks.ts';
import { widenGroupName } from './fixes.ts';
import { PRISMA_MIGRATE_LOCK, readMigrations, type MigrationFile } from '../platform/migrate.ts';
import { BASELINE_MIGRATION, parseBaseline } from './migrations.ts';
import { recognise, type Recognition } from './recognise.ts';

export interface TakeoverOptions {
  databaseUrl: string;
  dryRun?: boolean;
  dropLegacy?: boolean;
  progress?: Progress;
  migrations?: MigrationFile[];
}

export type TakeoverOutcome =
  | 'taken-over' // fixes and migrations committed
  | 'dry-run' // report only, nothing changed
  | 'nothing-to-do' // already taken over
  | 'legacy-dropped' // already taken over, --drop-legacy removed the legacy tables
  | 'blocked' // a problem needs a person's decision; nothing changed
  | 'refused' // not a Django OSER database; nothing changed
  | 'failed'; // an error during the transaction; rolled back, nothing changed

export interface TakeoverResult {
  outcome: TakeoverOutcome;
  recognition: Recognition;
  findings: Finding[];
  /** What was (or, in a dry run, would be) done. */
  actions: string[];
  /** Why it stopped (refused, blocked, failed) or what remains (pending migrations). */
  reasons: string[];
}

export async function runTakeover(options: TakeoverOptions): Promise<TakeoverResult> {
  const progress = options.progress ?? (() => {});
  const migrations = options.migrations ?? readMigrations();
  const baseline = migrations.find((migration) => migration.name === BASELINE_MIGRATION);
  if (!baseline) throw new Error(`migration ${BASELINE_MIGRATION} not found`);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    // A dry run reads in a read-only transaction: it cannot change a byte.
    await client.query(options.dryRun ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
    if (!options.dryRun) await client.query('SELECT pg_advisory_xact_lock($1)', [PRISMA_MIGRATE_LOCK]);
    const result = await plan(client, baseline.sql, migrations, options, progress);
    if (options.dryRun || !['taken-over', 'legacy-dropped'].includes(result.outcome)) {
      await client.query('ROLLBACK');
      return result;
    }
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

async function plan(
  client: pg.Client,
  baselineSql: string,
  migrations: MigrationFile[],
  options: TakeoverOptions,
  progress: Progress,
): Promise<TakeoverResult> {
  progress('reading the schema…');
  const recognition = await recognise(client, baselineSql);
  const result: TakeoverResult = { outcome: 'refused', recognition, findings: [], actions: [], reasons: [] };
  const legacy = options.dropLegacy ? recognition.legacyTables : [];

  switch (recognition.kind) {
    case 'empty':
      result.reasons.push('the database is empty: `npm start` (or `npm run db:migrate`) creates the schema, nothing to take over');
      return result;
    case 'unknown':
      result.reasons.push(
        recognition.missingApps.length > 0
          ? `django_migrations has no migration of the OSER app(s) ${recognition.missingApps.join(', ')}: not a database of the OSER Django backend`
          : 'no django_migrations table: not a database created by the Django backend',
      );
      return result;
    case 'taken-over':
      return alreadyTakenOver(client, result, migrations, legacy, options, progress);
  }

  if (recognition.schemaProblems.length > 0) {
    result.reasons.push('the schema differs from the one the Django backend creates:', ...recognition.schemaProblems);
    return result;
  }
  const kept = new Set(parseBaseline(baselineSql).tables.keys());
  result.findings = await runChecks(client, { kept, legacy: recognition.legacyTables }, progress);
  const blocking = result.findings.filter((finding) => finding.status === 'blocking');
  if (blocking.length > 0) {
    result.outcome = 'blocked';
    result.reasons.push(...blocking.map((finding) => finding.title));
    return result;
  }

  const fixes = result.findings.filter((finding) => finding.status === 'fix');
  for (const variant of recognition.variants) result.actions.push(`widen ${variant.table}.${variant.column} to varchar(150)`);
  result.actions.push(...fixes.map((finding) => `fix: ${finding.title}`));
  result.actions.push(`record ${BASELINE_MIGRATION} as applied`);
  result.actions.push(...laterMigrations(migrations).map((migration) => `apply migration ${migration.name}`));
  result.actions.push(
    ...(legacy.length > 0
      ? [`drop legacy tables ${legacy.join(', ')}, and the content types and permissions of their apps`]
      : recognition.legacyTables.length > 0
        ? [`keep legacy tables ${recognition.legacyTables.join(', ')} (--drop-legacy drops them)`]
        : []),
  );
  if (options.dryRun) {
    result.outcome = 'dry-run';
    return result;
  }

  let step = 'fixes';
  try {
    if (recognition.variants.length > 0) await widenGroupName(client);
    for (const finding of fixes) {
      progress(`fixing: ${finding.title}`);
      await finding.fix!(client);
    }
    // Django's deferred foreign keys: check the fixed rows now; ALTER TABLE refuses to run
    // on a table with pending deferred checks.
    step = 'foreign key checks after the fixes';
    await client.query('SET CONSTRAINTS ALL IMMEDIATE');
    step = 'schema migration';
    await applyMigrations(client, migrations, progress);
    step = 'dropping legacy tables';
    await dropLegacyTables(client, legacy, progress);
  } catch (error) {
    result.outcome = 'failed';
    result.reasons.push(`${step}: ${error instanceof Error ? error.message : String(error)}`, 'rolled back: nothing has changed');
    return result;
  }
  result.outcome = 'taken-over';
  return result;
}

async function alreadyTakenOver(
  client: pg.Client,
  result: TakeoverResult,
  migrations: MigrationFile[],
  legacy: string[],
  options: TakeoverOptions,
  progress: Progress,
): Promise<TakeoverResult> {
  const pending = migrations.filter((migration) => !result.recognition.appliedMigrations.includes(migration.name));
  result.outcome = 'nothing-to-do';
  if (pending.length > 0) {
    result.reasons.push(
      `already taken over; ${pending.length} later migration(s) pending (${pending.map((m) => m.name).join(', ')}): \`npm run db:migrate\` or \`npm start\` applies them`,
    );
  }
  if (legacy.length === 0) return result;
  result.actions.push(`drop legacy tables ${legacy.join(', ')}, and the content types and permissions of their apps`);
  if (options.dryRun) {
    result.outcome = 'dry-run';
    return result;
  }
  try {
    await dropLegacyTables(client, legacy, progress);
    result.outcome = 'legacy-dropped';
  } catch (error) {
    result.outcome = 'failed';
    result.reasons.push(`dropping legacy tables: ${error instanceof Error ? error.message : String(error)}`);
  }
  return result;
}
