// Shared setup of the participation test files: a database with the actor matrix, one more
// student ("other"), an open and a closed visit; and the malformed-input battery runner.
import request from 'supertest';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../app.ts';
import { issueToken } from '../platform/auth.ts';
import { createActors, createUser, type ActorName, type TestActor } from './actors.ts';
import { createTestContext, type TestContext } from './context.ts';
import { countRows, createVisit } from './visit-factories.ts';

export const TEAM_EMAIL = 'visits-team@example.org';

export interface VisitSuite {
  ctx: TestContext;
  app: ReturnType<typeof createApp>;
  actors: Record<ActorName, TestActor>;
  /** A second student, to act on somebody else's behalf. */
  other: { userId: number; headers: Record<string, string> };
  openVisitId: number;
  closedVisitId: number;
}

/** Mails enabled (the outbox is observable), abandon throttle off unless overridden. */
export async function createVisitSuite(overrides: Record<string, string> = {}): Promise<VisitSuite> {
  const ctx = await createTestContext({ MAILS_ENABLED: 'true', VISITS_TEAM_EMAIL: TEAM_EMAIL, ABANDONS_PER_USER: '0', ...overrides });
  const { prisma } = ctx.db;
  const actors = await createActors(ctx);
  const user = await createUser(prisma, { firstName: 'Autre' });
  await prisma.student.create({ data: { userId: user.id } });
  return {
    ctx,
    app: createApp(ctx),
    actors,
    other: { userId: user.id, headers: { Authorization: `Token ${issueToken(ctx, user)}` } },
    openVisitId: (await createVisit(prisma, { title: 'Sortie ouverte' })).id,
    closedVisitId: (await createVisit(prisma, { title: 'Sortie fermée', closed: true })).id,
  };
}

/**
 * The suite of a test file: created before its tests, destroyed after them. The object is
 * filled in by beforeAll, so read its fields inside tests and hooks only.
 */
export function useVisitSuite(overrides: Record<string, string> = {}): VisitSuite {
  const suite = {} as VisitSuite;
  beforeAll(async () => {
    Object.assign(suite, await createVisitSuite(overrides));
  });
  afterAll(() => suite.ctx.database.destroy());
  return suite;
}

/** A malformed case: label, body, and `raw` to send a string as application/json as is. */
export type MalformedCase = [label: string, body: unknown, raw?: boolean];

/**
 * Sends each case and asserts a 4xx in DRF's French wording (no zod default message) and
 * unchanged row counts in every table the routes could touch.
 */
export async function expectRejectedWithoutWrites(
  suite: VisitSuite,
  path: string,
  headers: Record<string, string>,
  cases: MalformedCase[],
) {
  expect(cases.length).toBeGreaterThanOrEqual(20);
  for (const [label, body, raw] of cases) {
    const before = await countRows(suite.ctx.db.prisma);
    let call = request(suite.app).post(path).set(headers);
    if (raw) call = call.set('Content-Type', 'application/json');
    else if (typeof body === 'string') call = call.set('Content-Type', 'text/plain');
    const response = await call.send(body as object);
    expect(response.status >= 400 && response.status < 500, `${label}: ${response.status} ${JSON.stringify(response.body)}`).toBe(true);
    expect(JSON.stringify(response.body), label).not.toMatch(/Invalid input|\["Required"\]|, received /);
    expect(await countRows(suite.ctx.db.prisma), label).toEqual(before);
  }
}
