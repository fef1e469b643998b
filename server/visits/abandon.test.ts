import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { ACTOR_NAMES, type ActorName, type TestActor } from '../test/actors.ts';
import type { TestContext } from '../test/context.ts';
import { countRows } from '../test/visit-factories.ts';
import { createVisitSuite, expectRejectedWithoutWrites, type MalformedCase, TEAM_EMAIL as TEAM, type VisitSuite } from '../test/visit-suite.ts';

let ctx: TestContext;
let app: VisitSuite['app'];
let actors: Record<ActorName, TestActor>;
let other: VisitSuite['other'];
let openVisitId: number;
let closedVisitId: number;
let suite: VisitSuite;

beforeAll(async () => {
  suite = await createVisitSuite();
  ({ ctx, app, actors, other, openVisitId, closedVisitId } = suite);
});
afterAll(() => ctx.database.destroy());

describe('POST /api/participations/abandon/', () => {
  const reason = 'Désolé, je ne peux plus venir…';

  it.each(ACTOR_NAMES.map((name) => [name, name === 'anonymous' ? 401 : 201] as const))('%s abandoning for themself answers %i', async (name, status) => {
    const response = await request(app).post('/api/participations/abandon/').set(actors[name].headers).send({ user: actors[name].userId ?? 1, visit: openVisitId, reason });
    expect(response.status).toBe(status);
  });

  it('queues the notice to the visits team and answers the SPEC 3.12 shape; the participation stays', async () => {
    const { prisma } = ctx.db;
    const before = await countRows(prisma);
    const response = await request(app).post('/api/participations/abandon/').set(other.headers).send({ user: other.userId, visit: openVisitId, reason });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: other.userId,
      reason,
      visit: openVisitId,
      sent: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+0[12]:00$/),
      recipient: TEAM,
    });
    const after = await countRows(prisma);
    expect(after).toEqual({ ...before, outbox: before.outbox + 1 });
    const message = await prisma.outboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(message.recipients).toEqual([TEAM]);
    expect(message.subject).toBe('[OSER] Désistement à la sortie: Sortie ouverte');
  });

  it('answers sent: null when mails are disabled', async () => {
    const quiet = createApp({ ...ctx, config: { ...ctx.config, mail: { ...ctx.config.mail, enabled: false } } });
    const before = await countRows(ctx.db.prisma);
    const response = await request(quiet).post('/api/participations/abandon/').set(other.headers).send({ user: other.userId, visit: openVisitId, reason });
    expect(response.status).toBe(201);
    expect(response.body.sent).toBeNull();
    expect(await countRows(ctx.db.prisma)).toEqual(before);
  });

  it('forbids abandoning for somebody else unless staff (S5)', async () => {
    const before = await countRows(ctx.db.prisma);
    const refused = await request(app).post('/api/participations/abandon/').set(actors.student.headers).send({ user: other.userId, visit: openVisitId, reason });
    expect(refused.status).toBe(403);
    expect(await countRows(ctx.db.prisma)).toEqual(before);
    expect((await request(app).post('/api/participations/abandon/').set(actors.staff.headers).send({ user: other.userId, visit: openVisitId, reason })).status).toBe(201);
  });

  it('answers 4xx to at least 20 malformed bodies and queues nothing', async () => {
    const cases: MalformedCase[] = [
      ['an empty body', {}],
      ['a missing reason', { user: actors.staff.userId, visit: openVisitId }],
      ['a blank reason', { user: actors.staff.userId, visit: openVisitId, reason: '   ' }],
      ['a null reason', { user: actors.staff.userId, visit: openVisitId, reason: null }],
      ['a reason as a number', { user: actors.staff.userId, visit: openVisitId, reason: 12 }],
      ['a reason as an object', { user: actors.staff.userId, visit: openVisitId, reason: { text: 'x' } }],
      ['a 2001-character reason', { user: actors.staff.userId, visit: openVisitId, reason: 'x'.repeat(2001) }],
      ['a missing user', { visit: openVisitId, reason }],
      ['a missing visit', { user: actors.staff.userId, reason }],
      ['an unknown user', { user: 987654, visit: openVisitId, reason }],
      ['an unknown visit', { user: actors.staff.userId, visit: 987654, reason }],
      ['a user as text', { user: 'moi', visit: openVisitId, reason }],
      ['a visit beyond int4', { user: actors.staff.userId, visit: 2 ** 31, reason }],
      ['a negative visit', { user: actors.staff.userId, visit: -3, reason }],
      ['a fractional user', { user: 2.5, visit: openVisitId, reason }],
      ['a user as a boolean', { user: true, visit: openVisitId, reason }],
      ['an unknown field', { user: actors.staff.userId, visit: openVisitId, reason, sent: true }],
      ['a JSON array', [{ user: actors.staff.userId, visit: openVisitId, reason }]],
      ['invalid JSON', '{"reason": "x"', true],
      ['a JSON string', '"x"', true],
      ['a text/plain body', 'reason=x'],
      ['an oversized body', { user: actors.staff.userId, visit: openVisitId, reason: 'x'.repeat(200_000) }],
    ];
    await expectRejectedWithoutWrites(suite, '/api/participations/abandon/', actors.staff.headers, cases);
  });

  it('rate-limits abandons per user: 429 with Retry-After, nothing queued (S5)', async () => {
    const limitedCtx = { ...ctx, config: { ...ctx.config, abandonThrottle: { perUser: 2, windowSeconds: 3600 } } };
    const limited = createApp(limitedCtx);
    const body = { user: other.userId, visit: openVisitId, reason };
    expect((await request(limited).post('/api/participations/abandon/').set(other.headers).send(body)).status).toBe(201);
    expect((await request(limited).post('/api/participations/abandon/').set(other.headers).send(body)).status).toBe(201);
    const before = await countRows(ctx.db.prisma);
    const response = await request(limited).post('/api/participations/abandon/').set(other.headers).send(body);
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(ctx.db.prisma)).toEqual(before);
    // Another user is not affected.
    expect((await request(limited).post('/api/participations/abandon/').set(actors.student.headers).send({ ...body, user: actors.student.userId })).status).toBe(201);
  });

  it('holds the limit against a parallel burst, and does not count refused requests', async () => {
    const limited = createApp({ ...ctx, config: { ...ctx.config, abandonThrottle: { perUser: 2, windowSeconds: 3600 } } });
    const send = (payload: object) => request(limited).post('/api/participations/abandon/').set(actors.leaderTutor.headers).send(payload);
    const body = { user: actors.leaderTutor.userId, visit: openVisitId, reason };
    expect((await send({ ...body, reason: '' })).status).toBe(400);
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => send(body)))).map((response) => response.status);
    expect(statuses.sort()).toEqual([201, 201, 429, 429, 429]);
  });
});
