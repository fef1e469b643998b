// The first-administrator check the server runs at start (server.ts), in plain SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/context.ts';
import { createUser } from '../test/actors.ts';
import { ANONYMOUS_USER_EMAIL, anyRealUser, countRealUsers } from './service.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());

describe('anyRealUser', () => {
  it("agrees with countRealUsers: django-guardian's pseudo-user is nobody, any other account is someone", async () => {
    expect(await anyRealUser(ctx.db)).toBe(false);
    await createUser(ctx.db.prisma, { email: ANONYMOUS_USER_EMAIL, isActive: false });
    expect(await anyRealUser(ctx.db)).toBe(false);
    expect(await countRealUsers(ctx.db.prisma)).toBe(0);
    await createUser(ctx.db.prisma, { isActive: false });
    expect(await anyRealUser(ctx.db)).toBe(true);
    expect(await countRealUsers(ctx.db.prisma)).toBe(1);
  });
});
