import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { ACTOR_NAMES, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { addParticipation, countRows, createVisit } from '../test/visit-factories.ts';
import { issueToken } from '../platform/auth.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let other: { userId: number; headers: Record<string, string> };
let openVisitId: number;
let closedVisitId: number;

const HOST = 'localhost:8000';
const TEAM = 'visits-team@example.org';
const closedMessage = 'Les inscriptions à cette sortie sont fermées.';

beforeAll(async () => {
  ctx = await createTestContext({ MAILS_ENABLED: 'true', VISITS_TEAM_EMAIL: TEAM, ABANDONS_PER_USER: '0' });
  app = createApp(ctx);
  actors = await createActors(ctx);
  const { prisma } = ctx.db;
  const user = await createUser(prisma, { firstName: 'Autre' });
  await prisma.student.create({ data: { userId: user.id } });
  other = { userId: user.id, headers: { Authorization: `Token ${issueToken(ctx, user)}` } };
  openVisitId = (await createVisit(prisma, { title: 'Sortie ouverte' })).id;
  closedVisitId = (await createVisit(prisma, { title: 'Sortie fermée', closed: true })).id;
});
afterAll(() => ctx.database.destroy());

const isWriteError = (status: number) => status >= 400 && status < 500;

describe('POST /api/participations/', () => {
  it.each(ACTOR_NAMES.map((name) => [name, name === 'anonymous' ? 401 : 201] as const))(
    '%s signing up themself answers %i',
    async (name, status) => {
      const visit = await createVisit(ctx.db.prisma);
      const response = await request(app).post('/api/participations/').set(actors[name].headers).send({ user: actors[name].userId ?? 1, visit: visit.id });
      expect(response.status).toBe(status);
    },
  );

  it('answers the Participation shape, own personal data included (SPEC 3.12)', async () => {
    await ctx.db.prisma.user.update({ where: { id: actors.student.userId! }, data: { phoneNumber: '0600000000' } });
    const response = await request(app).post('/api/participations/').set('Host', HOST).set(actors.student.headers).send({ user: actors.student.userId, visit: openVisitId });
    expect(response.status).toBe(201);
    const user = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: actors.student.userId! } });
    expect(response.body).toEqual({
      id: expect.any(Number),
      user: {
        id: user.id, email: user.email, profile_type: null, first_name: 'student', last_name: '', gender: null,
        phone_number: '0600000000', date_of_birth: null, url: `http://${HOST}/api/users/${user.id}/`,
      },
      visit: openVisitId,
      present: null,
      accepted: null,
    });
  });

  it('refuses a duplicate with the unique-set message', async () => {
    const body = { user: other.userId, visit: openVisitId };
    expect((await request(app).post('/api/participations/').set(other.headers).send(body)).status).toBe(201);
    const before = await countRows(ctx.db.prisma);
    const response = await request(app).post('/api/participations/').set(other.headers).send(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: ['Les champs user, visit doivent former un ensemble unique.'] });
    expect(await countRows(ctx.db.prisma)).toEqual(before);
  });

  it('forbids signing up somebody else unless staff (S3)', async () => {
    const visit = await createVisit(ctx.db.prisma);
    const refused = await request(app).post('/api/participations/').set(actors.student.headers).send({ user: other.userId, visit: visit.id });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ detail: "Vous n'avez pas la permission d'effectuer cette action." });
    const allowed = await request(app).post('/api/participations/').set(actors.staff.headers).send({ user: other.userId, visit: visit.id });
    expect(allowed.status).toBe(201);
  });

  it('ignores accepted/present from non-staff; staff sets them and queues the decision email (S3, SPEC 4.11)', async () => {
    const { prisma } = ctx.db;
    const visit = await createVisit(prisma, { title: 'Concert' });
    const before = await prisma.outboxMessage.count();
    const own = await request(app).post('/api/participations/').set(other.headers).send({ user: other.userId, visit: visit.id, accepted: true, present: true });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ accepted: null, present: null });
    expect(await prisma.outboxMessage.count()).toBe(before);

    const visit2 = await createVisit(prisma, { title: 'Opéra' });
    const byStaff = await request(app).post('/api/participations/').set(actors.staff.headers).send({ user: other.userId, visit: visit2.id, accepted: 'true', present: null });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body).toMatchObject({ accepted: true, present: null });
    const messages = await prisma.outboxMessage.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'desc' }, take: 1 });
    expect(await prisma.outboxMessage.count()).toBe(before + 1);
    const otherUser = await prisma.user.findUniqueOrThrow({ where: { id: other.userId } });
    expect(messages[0]!.recipients).toEqual([otherUser.email]);
    expect(messages[0]!.subject).toBe('[OSER] Participation à la sortie : Opéra');
  });

  it('refuses a closed visit except for staff (S6)', async () => {
    const refused = await request(app).post('/api/participations/').set(actors.student.headers).send({ user: actors.student.userId, visit: closedVisitId });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ non_field_errors: [closedMessage] });
    const byStaff = await request(app).post('/api/participations/').set(actors.staff.headers).send({ user: actors.student.userId, visit: closedVisitId });
    expect(byStaff.status).toBe(201);
  });

  it('answers 400 with the unknown-PK message for unknown user and visit (SPEC 9, B5)', async () => {
    const response = await request(app).post('/api/participations/').set(actors.staff.headers).send({ user: 999999, visit: 888888 });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      user: ["Clé primaire « 999999 » non valide - l'objet n'existe pas."],
      visit: ["Clé primaire « 888888 » non valide - l'objet n'existe pas."],
    });
  });

  const malformed = (): [string, unknown, boolean?][] => [
    ['an empty body', {}],
    ['a missing user', { visit: openVisitId }],
    ['a missing visit', { user: actors.staff.userId }],
    ['a null user', { user: null, visit: openVisitId }],
    ['a user as text', { user: 'abc', visit: openVisitId }],
    ['a negative user', { user: -1, visit: openVisitId }],
    ['a zero visit', { user: actors.staff.userId, visit: 0 }],
    ['a fractional visit', { user: actors.staff.userId, visit: 1.5 }],
    ['a user as an object', { user: { id: actors.staff.userId }, visit: openVisitId }],
    ['a user as a list', { user: [actors.staff.userId], visit: openVisitId }],
    ['a visit as a boolean', { user: actors.staff.userId, visit: true }],
    ['a visit beyond int4', { user: actors.staff.userId, visit: 2 ** 31 }],
    ['a visit beyond the safe integers', { user: actors.staff.userId, visit: 1e20 }],
    ['an unknown visit', { user: actors.staff.userId, visit: 987654 }],
    ['an unknown user', { user: 987654, visit: openVisitId }],
    ['accepted as text', { user: actors.staff.userId, visit: openVisitId, accepted: 'oui' }],
    ['present as a number', { user: actors.staff.userId, visit: openVisitId, present: 7 }],
    ['an unknown field', { user: actors.staff.userId, visit: openVisitId, id: 5 }],
    ['a JSON array', [{ user: actors.staff.userId, visit: openVisitId }]],
    ['invalid JSON', '{"user": 1,', true],
    ['a JSON number', '42', true],
    ['a text/plain body', 'user=1&visit=1'],
  ];

  it('answers 4xx to at least 20 malformed bodies and writes nothing', async () => {
    const cases = malformed();
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const [label, body, rawJson] of cases) {
      const before = await countRows(ctx.db.prisma);
      let call = request(app).post('/api/participations/').set(actors.staff.headers);
      if (rawJson) call = call.set('Content-Type', 'application/json');
      else if (typeof body === 'string') call = call.set('Content-Type', 'text/plain');
      const response = await call.send(body as object);
      expect(isWriteError(response.status), `${label}: ${response.status} ${JSON.stringify(response.body)}`).toBe(true);
      expect(JSON.stringify(response.body), label).not.toMatch(/Invalid input|\["Required"\]|, received /);
      expect(await countRows(ctx.db.prisma), label).toEqual(before);
    }
  });

  it('serves POST and DELETE without the trailing slash too (SPEC 3.1: never a 500 or a lost body)', async () => {
    const visit = await createVisit(ctx.db.prisma);
    const created = await request(app).post('/api/participations').set(other.headers).send({ user: other.userId, visit: visit.id });
    expect(created.status).toBe(201);
    expect((await request(app).delete(`/api/participations/${created.body.id}`).set(other.headers)).status).toBe(204);
    const abandon = await request(app).post('/api/participations/abandon').set(other.headers).send({ user: other.userId, visit: visit.id, reason: 'x' });
    expect(abandon.status).toBe(201);
  });

  it('answers 401 anonymous and 405 authenticated to the other methods (SPEC 3.2)', async () => {
    expect((await request(app).get('/api/participations/')).status).toBe(401);
    expect((await request(app).get('/api/participations/').set(actors.student.headers)).status).toBe(405);
    for (const method of ['get', 'put', 'patch'] as const) {
      expect((await request(app)[method]('/api/participations/1/')).status).toBe(401);
      const response = await request(app)[method]('/api/participations/1/').set(actors.student.headers);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toContain('DELETE');
    }
  });
});

describe('DELETE /api/participations/{id}/ (S4: owner or staff)', () => {
  const matrix: [ActorName | 'other', number][] = [
    ['anonymous', 401], ['other', 403], ['student', 204], ['tutor', 204], ['leaderTutor', 204], ['staff', 204], ['superuser', 204],
  ];
  it.each(matrix)("%s deleting the student's participation answers %i", async (name, status) => {
    const visit = await createVisit(ctx.db.prisma);
    const participation = await addParticipation(ctx.db.prisma, visit.id, actors.student.userId!);
    const headers = name === 'other' ? other.headers : actors[name].headers;
    const response = await request(app).delete(`/api/participations/${participation.id}/`).set(headers);
    expect(response.status).toBe(status);
    const left = await ctx.db.prisma.participation.count({ where: { id: participation.id } });
    expect(left).toBe(status === 204 ? 0 : 1);
    if (status === 204) expect(response.text).toBe('');
  });

  it('answers 404 to an unknown id, and 4xx without deleting anything to malformed ids', async () => {
    const missing = await request(app).delete('/api/participations/999999/').set(actors.staff.headers);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Pas trouvé.' });
    const ids = ['abc', '0', '-1', '1.5', '1e3', '0x10', '99999999999', '%20', 'null', 'true', '[1]', '1;DROP', "1'", '١', 'Infinity', 'NaN', '999999', '2147483648', '+1', ' 1', '1,2'];
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const visit = await createVisit(ctx.db.prisma);
    await addParticipation(ctx.db.prisma, visit.id, other.userId);
    for (const id of ids) {
      const before = await countRows(ctx.db.prisma);
      const response = await request(app).delete(`/api/participations/${encodeURIComponent(id)}/`).set(actors.staff.headers);
      expect(isWriteError(response.status), `${id}: ${response.status}`).toBe(true);
      expect(await countRows(ctx.db.prisma), id).toEqual(before);
    }
  });

  it('answers 404 to DELETE without an id, and 405 authenticated', async () => {
    expect((await request(app).delete('/api/participations/').set(actors.staff.headers)).status).toBe(405);
  });
});

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
    const cases: [string, unknown, boolean?][] = [
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
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const [label, body, rawJson] of cases) {
      const before = await countRows(ctx.db.prisma);
      let call = request(app).post('/api/participations/abandon/').set(actors.staff.headers);
      if (rawJson) call = call.set('Content-Type', 'application/json');
      else if (typeof body === 'string') call = call.set('Content-Type', 'text/plain');
      const response = await call.send(body as object);
      expect(isWriteError(response.status), `${label}: ${response.status} ${JSON.stringify(response.body)}`).toBe(true);
      expect(JSON.stringify(response.body), label).not.toMatch(/Invalid input|\["Required"\]|, received /);
      expect(await countRows(ctx.db.prisma), label).toEqual(before);
    }
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
});
