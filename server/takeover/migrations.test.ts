// The takeover records migrations as `prisma migrate deploy` does: same names, same checksums.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { readMigrations } from '../platform/migrate.ts';
import { BASELINE_MIGRATION, parseBaseline } from './migrations.ts';
import { withClient } from '../test/database.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.database.destroy();
});

it('computes the checksums prisma migrate deploy stored', async () => {
  const stored = await withClient(
    ctx.database.url,
    async (client) => (await client.query(`SELECT migration_name AS name, checksum FROM _prisma_migrations ORDER BY migration_name`)).rows,
  );
  expect(readMigrations().map(({ name, checksum }) => ({ name, checksum }))).toEqual(stored);
});

it('reads the Django baseline: kept tables, column types, constraint and index names', () => {
  const baseline = parseBaseline(readMigrations().find((m) => m.name === BASELINE_MIGRATION)!.sql);
  expect(baseline.tables.size).toBe(22);
  expect(baseline.tables.get('users_user')?.get('first_name')).toEqual({ type: 'character varying(30)', notNull: true });
  expect(baseline.tables.get('visits_participation')?.get('accepted')).toEqual({ type: 'boolean', notNull: false });
  expect(baseline.tables.has('authtoken_token')).toBe(false);
  expect(baseline.constraints).toContain('visits_visitparticipant_user_id_18f524b1_fk_users_user_id');
  expect(baseline.constraints).toContain('django_admin_log_action_flag_check');
  expect(baseline.indexes).toContain('users_user_email_243f6e77_like');
});
