// Shared setup of the token test files (get-token, token-auth): a database, the app, and one
// user with personal data; and the login call as a frontend makes it.
import request from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../app.ts';
import { createUser } from './actors.ts';
import { createTestContext, type TestContext } from './context.ts';

export interface LoginSuite {
  ctx: TestContext;
  app: ReturnType<typeof createApp>;
  /** charles.dumont@example.net, with a phone number and a date of birth. */
  user: Awaited<ReturnType<typeof createUser>>;
}

/** Filled in by beforeAll: read its fields inside tests and hooks only. */
export function useLoginSuite(): LoginSuite {
  const suite = {} as LoginSuite;
  beforeAll(async () => {
    const ctx = await createTestContext();
    const user = await createUser(ctx.db.prisma, { email: 'charles.dumont@example.net', firstName: 'Charles', lastName: 'Dumont' });
    await ctx.db.prisma.user.update({
      where: { id: user.id },
      data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z') },
    });
    Object.assign(suite, { ctx, app: createApp(ctx), user });
  });
  afterAll(() => suite.ctx.database.destroy());
  return suite;
}

export function postGetToken(app: Parameters<typeof request>[0], body: object | string) {
  return request(app).post('/api/auth/get-token/').set('Host', 'localhost:8000').send(body);
}

/** A 429 whose Retry-After is `seconds`, give or take the time the requests took (slow machines). */
export function expectWait(response: { status: number; headers: Record<string, string> }, seconds: number) {
  expect(response.status).toBe(429);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(seconds - 5);
  expect(Number(response.headers['retry-after'])).toBeLessThanOrEqual(seconds);
}
