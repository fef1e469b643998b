// Step 3 of the takeover: bring the schema to this project's migrations the way Prisma
// would have, so that `prisma migrate deploy` later finds the history it expects: its
// table, the Django baseline recorded as applied (never executed: Django made that
// schema), then every later migration executed and recorded.
import { CREATE_MIGRATIONS_TABLE, recordMigration, type MigrationFile } from '../platform/migrate.ts';
import { BASELINE_MIGRATION } from './migrations.ts';
import type { Progress } from './checks.ts';
import type { Queryable } from './sql.ts';

/** The migrations after the baseline, in order. */
export function laterMigrations(migrations: MigrationFile[]): MigrationFile[] {
  return migrations.filter((migration) => migration.name > BASELINE_MIGRATION);
}

export async function applyMigrations(client: Queryable, migrations: MigrationFile[], progress: Progress): Promise<void> {
  const baseline = migrations.find((migration) => migration.name === BASELINE_MIGRATION);
  if (!baseline) throw new Error(`migration ${BASELINE_MIGRATION} not found`);
  await client.query(CREATE_MIGRATIONS_TABLE);
  await recordMigration(client, baseline, false);
  progress(`recorded ${baseline.name} as applied (Django created this schema)`);
  for (const migration of laterMigrations(migrations)) {
    progress(`applying ${migration.name}…`);
    const started = Date.now();
    try {
      await client.query(migration.sql);
      progress(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      throw new Error(`migration ${migration.name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    await recordMigration(client, migration, true);
  }
}

/** The Django apps whose tables --drop-legacy removes. */
export const LEGACY_APPS = ['authtoken', 'guardian', 'sessions'];

/**
 * Drops the legacy tables, then the content types of their apps, so their permissions
 * ("Can add token"…) leave the admin's permission lists too (they cascade).
 */
export async function dropLegacyTables(client: Queryable, tables: string[], progress: Progress): Promise<void> {
  if (tables.length === 0) return;
  for (const table of tables) {
    progress(`dropping legacy table ${table}`);
    await client.query(`DROP TABLE "${table}"`);
  }
  await client.query(`DELETE FROM django_content_type WHERE app_label = ANY($1)`, [LEGACY_APPS]);
}
