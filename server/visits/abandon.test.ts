import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { ACTOR_NAMES } from '../test/actors.ts';
import { countRows } from '../test/visit-factories.ts';
import { expectRejectedWithoutWrites, type MalformedCase, TEAM_EMAIL as TEAM, useVisitSuite } from '../test/visit-suite.ts';

const suite = useVisitSuite();

describe('POST /api/participations/abandon/', () => {
  const reason = 'Désolé, je ne peux plus venir…';

  it.each(ACTOR_NAMES.map((name) => [name, name === 'anonymous' ? 401 : 201] as const))(
    '%s abandoning for themself answers %i',
    async (name, status) => {
      const response = await request(suite.app)
        .post('/api/participations/abandon/')
        .set(suite.actors[name].headers)
        .send({ user: suite.actors[name].userId ?? 1, visit: suite.openVisitId, reason });
      expect(response.status).toBe(status);
    },
  );

  it('queues the notice to the visits team and answers the abandon shape; the participation stays', async () => {
    const { prisma } = suite.ctx.db;
    const before = await countRows(prisma);
    const response = await request(suite.app)
      .post('/api/participations/abandon/')
      .set(suite.other.headers)
      .send({ user: suite.other.userId, visit: suite.openVisitId, reason });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      user: suite.other.userId,
      reason,
      visit: suite.openVisitId,
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
    const quiet = createApp({ ...suite.ctx, config: { ...suite.ctx.config, mail: { ...suite.ctx.config.mail, enabled: false } } });
    const before = await countRows(suite.ctx.db.prisma);
    const response = await request(quiet)
      .post('/api/participations/abandon/')
      .set(suite.other.headers)
      .send({ user: suite.other.userId, visit: suite.openVisitId, reason });
    expect(response.status).toBe(201);
    expect(response.body.sent).toBeNull();
    expect(await countRows(suite.ctx.db.prisma)).toEqual(before);
  });

  it('forbids abandoning for somebody else unless staff (S5)', async () => {
    const before = await countRows(suite.ctx.db.prisma);
    const refused = await request(suite.app)
      .post('/api/participations/abandon/')
      .set(suite.actors.student.headers)
      .send({ user: suite.other.userId, visit: suite.openVisitId, reason });
    expect(refused.status).toBe(403);
    expect(await countRows(suite.ctx.db.prisma)).toEqual(before);
    expect(
      (
        await request(suite.app)
          .post('/api/participations/abandon/')
          .set(suite.actors.staff.headers)
          .send({ user: suite.other.userId, visit: suite.openVisitId, reason })
      ).status,
    ).toBe(201);
  });

  it('answers 4xx to at least 20 malformed bodies and queues nothing', async () => {
    const cases: MalformedCase[] = [
      ['an empty body', {}],
      ['a missing reason', { user: suite.actors.staff.userId, visit: suite.openVisitId }],
      ['a blank reason', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: '   ' }],
      ['a null reason', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: null }],
      ['a reason as a number', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: 12 }],
      ['a reason as an object', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: { text: 'x' } }],
      ['a 2001-character reason', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: 'x'.repeat(2001) }],
      ['a missing user', { visit: suite.openVisitId, reason }],
      ['a missing visit', { user: suite.actors.staff.userId, reason }],
      ['an unknown user', { user: 987654, visit: suite.openVisitId, reason }],
      ['an unknown visit', { user: suite.actors.staff.userId, visit: 987654, reason }],
      ['a user as text', { user: 'moi', visit: suite.openVisitId, reason }],
      ['a visit beyond int4', { user: suite.actors.staff.userId, visit: 2 ** 31, reason }],
      ['a negative visit', { user: suite.actors.staff.userId, visit: -3, reason }],
      ['a fractional user', { user: 2.5, visit: suite.openVisitId, reason }],
      ['a user as a boolean', { user: true, visit: suite.openVisitId, reason }],
      ['a bad field beside an undeclared one', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: '', sent: true }],
      ['a JSON array', [{ user: suite.actors.staff.userId, visit: suite.openVisitId, reason }]],
      ['invalid JSON', '{"reason": "x"', true],
      ['a JSON string', '"x"', true],
      ['a text/plain body', 'reason=x'],
      ['an oversized body', { user: suite.actors.staff.userId, visit: suite.openVisitId, reason: 'x'.repeat(200_000) }],
    ];
    await expectRejectedWithoutWrites(suite, '/api/participations/abandon/', suite.actors.staff.headers, cases);
  });

  it('rate-limits abandons per user: 429 with Retry-After, nothing queued (S5)', async () => {
    const limitedCtx = { ...suite.ctx, config: { ...suite.ctx.config, abandonThrottle: { perUser: 2, windowSeconds: 3600 } } };
    const limited = createApp(limitedCtx);
    const body = { user: suite.other.userId, visit: suite.openVisitId, reason };
    expect((await request(limited).post('/api/participations/abandon/').set(suite.other.headers).send(body)).status).toBe(201);
    expect((await request(limited).post('/api/participations/abandon/').set(suite.other.headers).send(body)).status).toBe(201);
    const before = await countRows(suite.ctx.db.prisma);
    const response = await request(limited).post('/api/participations/abandon/').set(suite.other.headers).send(body);
    expect(response.status).toBe(429);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(suite.ctx.db.prisma)).toEqual(before);
    // Another user is not affected.
    expect(
      (
        await request(limited)
          .post('/api/participations/abandon/')
          .set(suite.actors.student.headers)
          .send({ ...body, user: suite.actors.student.userId })
      ).status,
    ).toBe(201);
  });

  it('holds the limit against a parallel burst, and does not count refused requests', async () => {
    const limited = createApp({ ...suite.ctx, config: { ...suite.ctx.config, abandonThrottle: { perUser: 2, windowSeconds: 3600 } } });
    const send = (payload: object) =>
      request(limited).post('/api/participations/abandon/').set(suite.actors.leaderTutor.headers).send(payload);
    const body = { user: suite.actors.leaderTutor.userId, visit: suite.openVisitId, reason };
    expect((await send({ ...body, reason: '' })).status).toBe(400);
    const statuses = (await Promise.all(Array.from({ length: 5 }, () => send(body)))).map((response) => response.status);
    expect(statuses.sort()).toEqual([201, 201, 429, 429, 429]);
  });
});
