// Step 1 of the takeover: what is this database? Empty, already this server's (Prisma's
// migration table), a Django OSER database (django_migrations lists the OSER apps) whose
// kept tables have the baseline's columns, or something else.
import { parseBaseline, type BaselineSchema } from './migrations.ts';
import { readFingerprint, type SchemaFingerprint } from './fingerprint.ts';
import type { Queryable } from './sql.ts';

/** The original's own Django apps: their migrations prove the database is OSER's. */
export const OSER_DJANGO_APPS = ['users', 'profiles', 'tutoring', 'visits', 'register', 'core'] as const;

/** Django tables this server does not use; dropped only with --drop-legacy. */
export const LEGACY_TABLES = [
  'authtoken_token',
  'django_session',
  'guardian_userobjectpermission',
  'guardian_groupobjectpermission',
] as const;

/**
 * Differences a Django version can leave that the takeover fixes itself: a database made
 * by Django 2.0 has auth_group.name varchar(80), later Django versions widened it to 150.
 */
export const TOLERATED_VARIANTS = [{ table: 'auth_group', column: 'name', type: 'character varying(80)' }] as const;

export type DatabaseKind = 'empty' | 'taken-over' | 'django' | 'unknown';

export interface Recognition {
  kind: DatabaseKind;
  /** Migrations already recorded in _prisma_migrations (taken-over databases). */
  appliedMigrations: string[];
  /** app → number of Django migrations and the last one. */
  djangoApps: Record<string, { count: number; last: string }>;
  missingApps: string[];
  /** Differences from the baseline that block the takeover. */
  schemaProblems: string[];
  /** Tolerated differences, fixed by the takeover (e.g. "auth_group.name is varchar(80)"). */
  variants: { table: string; column: string; type: string }[];
  legacyTables: string[];
  fingerprint: SchemaFingerprint;
}

export async function recognise(client: Queryable, baselineSql: string): Promise<Recognition> {
  const fingerprint = await readFingerprint(client);
  const tableNames = Object.keys(fingerprint.tables);
  const result: Recognition = {
    kind: 'unknown',
    appliedMigrations: [],
    djangoApps: {},
    missingApps: [],
    schemaProblems: [],
    variants: [],
    legacyTables: LEGACY_TABLES.filter((name) => tableNames.includes(name)),
    fingerprint,
  };
  if (tableNames.length === 0) return { ...result, kind: 'empty' };
  if (tableNames.includes('_prisma_migrations')) {
    const applied = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM _prisma_migrations
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
    );
    return { ...result, kind: 'taken-over', appliedMigrations: applied.rows.map((row) => row.migration_name) };
  }
  if (!tableNames.includes('django_migrations')) return result;

  const apps = await client.query<{ app: string; count: number; last: string }>(
    `SELECT app, count(*)::int AS count, max(name) AS last FROM django_migrations GROUP BY app ORDER BY app`,
  );
  for (const row of apps.rows) result.djangoApps[row.app] = { count: row.count, last: row.last };
  result.missingApps = OSER_DJANGO_APPS.filter((app) => !result.djangoApps[app]);
  if (result.missingApps.length > 0) return result;

  compareWithBaseline(fingerprint, parseBaseline(baselineSql), result);
  return { ...result, kind: 'django' };
}

function compareWithBaseline(actual: SchemaFingerprint, baseline: BaselineSchema, result: Recognition): void {
  const actualConstraints = new Set(Object.values(actual.tables).flatMap((table) => Object.keys(table.constraints)));
  const actualIndexes = new Set(Object.values(actual.tables).flatMap((table) => Object.keys(table.indexes)));
  for (const [tableName, columns] of baseline.tables) {
    const table = actual.tables[tableName];
    if (!table) {
      result.schemaProblems.push(`table ${tableName} is missing`);
      continue;
    }
    for (const [columnName, expected] of columns) {
      const column = table.columns[columnName];
      if (!column) {
        result.schemaProblems.push(`column ${tableName}.${columnName} is missing`);
      } else if (column.notNull !== expected.notNull) {
        result.schemaProblems.push(
          `column ${tableName}.${columnName} is ${column.notNull ? 'NOT NULL' : 'nullable'}, expected ${expected.notNull ? 'NOT NULL' : 'nullable'}`,
        );
      } else if (column.type !== expected.type) {
        const variant = TOLERATED_VARIANTS.find((v) => v.table === tableName && v.column === columnName && v.type === column.type);
        if (variant) result.variants.push(variant);
        else result.schemaProblems.push(`column ${tableName}.${columnName} is ${column.type}, expected ${expected.type}`);
      }
    }
    for (const columnName of Object.keys(table.columns)) {
      if (!columns.has(columnName)) result.schemaProblems.push(`column ${tableName}.${columnName} is not in the baseline`);
    }
  }
  for (const name of baseline.constraints) {
    if (!actualConstraints.has(name)) result.schemaProblems.push(`constraint ${name} is missing`);
  }
  for (const name of baseline.indexes) {
    if (!actualIndexes.has(name)) result.schemaProblems.push(`index ${name} is missing`);
  }
}
