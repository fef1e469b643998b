import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../server/test/context.ts';
import { runScript } from '../server/test/processes.ts';
import { checkCredentials } from '../server/users/service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());

describe('npm run initadmin', () => {
  const env = () => ({
    DATABASE_URL: ctx.database.url,
    ADMINS: JSON.stringify([
      { name: 'Secteur Geek', email: 'Geek@OSER-cs.fr' },
      { name: 'Bureau', email: 'bureau@oser-cs.fr' },
    ]),
    ADMIN_INITIAL_PASSWORD: 'first-password-123',
  });

  it('creates the configured admins when no user exists, then refuses', async () => {
    await ctx.db.prisma.user.create({ data: { email: 'AnonymousUser', password: '!unusable' } });

    const first = await runScript('scripts/initadmin.ts', env());
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Created Secteur Geek (email: Geek@OSER-cs.fr)');
    expect(first.stdout).toContain('Created Bureau (email: bureau@oser-cs.fr)');
    const admins = await ctx.db.prisma.user.findMany({ where: { isSuperuser: true }, orderBy: { id: 'asc' } });
    expect(admins.map((admin) => [admin.email, admin.firstName, admin.isStaff, admin.isActive])).toEqual([
      ['geek@oser-cs.fr', 'Secteur Geek', true, true],
      ['bureau@oser-cs.fr', 'Bureau', true, true],
    ]);
    expect(admins[0]!.password).toMatch(/^\$argon2id\$/);
    expect(await checkCredentials(ctx.db.prisma, 'GEEK@oser-cs.fr', 'first-password-123')).not.toBeNull();

    const second = await runScript('scripts/initadmin.ts', env());
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('Admin users can only be initialized if no users exist.');
    expect(await ctx.db.prisma.user.count()).toBe(3);
  }, 180_000);

  it('refuses in production without an initial password, creating nothing', async () => {
    const result = await runScript('scripts/initadmin.ts', {
      ...env(),
      NODE_ENV: 'production',
      SECRET_KEY: 'x'.repeat(40),
      VISITS_TEAM_EMAIL: 'sorties@oser-cs.fr',
      ADMIN_INITIAL_PASSWORD: '',
    });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/ADMIN_INITIAL_PASSWORD/);
  }, 60_000);
});
