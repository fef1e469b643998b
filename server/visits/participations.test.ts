import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ACTOR_NAMES } from '../test/actors.ts';
import { countRows, createVisit } from '../test/visit-factories.ts';
import { expectRejectedWithoutWrites, type MalformedCase, useVisitSuite } from '../test/visit-suite.ts';

const suite = useVisitSuite();

const HOST = 'localhost:8000';
const closedMessage = 'Les inscriptions à cette sortie sont fermées.';

describe('POST /api/participations/', () => {
  it.each(ACTOR_NAMES.map((name) => [name, name === 'anonymous' ? 401 : 201] as const))(
    '%s signing up themself answers %i',
    async (name, status) => {
      const visit = await createVisit(suite.ctx.db.prisma);
      const response = await request(suite.app)
        .post('/api/participations/')
        .set(suite.actors[name].headers)
        .send({ user: suite.actors[name].userId ?? 1, visit: visit.id });
      expect(response.status).toBe(status);
    },
  );

  it('answers the Participation shape, own personal data included', async () => {
    await suite.ctx.db.prisma.user.update({ where: { id: suite.actors.student.userId! }, data: { phoneNumber: '0600000000' } });
    const response = await request(suite.app)
      .post('/api/participations/')
      .set('Host', HOST)
      .set(suite.actors.student.headers)
      .send({ user: suite.actors.student.userId, visit: suite.openVisitId });
    expect(response.status).toBe(201);
    const user = await suite.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: suite.actors.student.userId! } });
    expect(response.body).toEqual({
      id: expect.any(Number),
      user: {
        id: user.id,
        email: user.email,
        profile_type: null,
        first_name: 'student',
        last_name: '',
        gender: null,
        phone_number: '0600000000',
        date_of_birth: null,
        url: `http://${HOST}/api/users/${user.id}/`,
      },
      visit: suite.openVisitId,
      present: null,
      accepted: null,
    });
  });

  it('refuses a duplicate with the unique-set message', async () => {
    const body = { user: suite.other.userId, visit: suite.openVisitId };
    expect((await request(suite.app).post('/api/participations/').set(suite.other.headers).send(body)).status).toBe(201);
    const before = await countRows(suite.ctx.db.prisma);
    const response = await request(suite.app).post('/api/participations/').set(suite.other.headers).send(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: ['Les champs user, visit doivent former un ensemble unique.'] });
    expect(await countRows(suite.ctx.db.prisma)).toEqual(before);
  });

  it('forbids signing up somebody else unless staff (S3)', async () => {
    const visit = await createVisit(suite.ctx.db.prisma);
    const refused = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.student.headers)
      .send({ user: suite.other.userId, visit: visit.id });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ detail: "Vous n'avez pas la permission d'effectuer cette action." });
    const allowed = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ user: suite.other.userId, visit: visit.id });
    expect(allowed.status).toBe(201);
  });

  it('ignores accepted/present from non-staff; staff sets them and queues the decision email (S3)', async () => {
    const { prisma } = suite.ctx.db;
    const visit = await createVisit(prisma, { title: 'Concert' });
    const before = await prisma.outboxMessage.count();
    const own = await request(suite.app)
      .post('/api/participations/')
      .set(suite.other.headers)
      .send({ user: suite.other.userId, visit: visit.id, accepted: true, present: true });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ accepted: null, present: null });
    expect(await prisma.outboxMessage.count()).toBe(before);

    const visit2 = await createVisit(prisma, { title: 'Opéra' });
    const byStaff = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ user: suite.other.userId, visit: visit2.id, accepted: 'true', present: null });
    expect(byStaff.status).toBe(201);
    expect(byStaff.body).toMatchObject({ accepted: true, present: null });
    const messages = await prisma.outboxMessage.findMany({ where: { id: { gt: 0 } }, orderBy: { id: 'desc' }, take: 1 });
    expect(await prisma.outboxMessage.count()).toBe(before + 1);
    const otherUser = await prisma.user.findUniqueOrThrow({ where: { id: suite.other.userId } });
    expect(messages[0]!.recipients).toEqual([otherUser.email]);
    expect(messages[0]!.subject).toBe('[OSER] Participation à la sortie : Opéra');
  });

  it('refuses a closed visit except for staff (S6)', async () => {
    const refused = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.student.headers)
      .send({ user: suite.actors.student.userId, visit: suite.closedVisitId });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ non_field_errors: [closedMessage] });
    const byStaff = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ user: suite.actors.student.userId, visit: suite.closedVisitId });
    expect(byStaff.status).toBe(201);
  });

  it('answers 400 with the unknown-PK message for unknown user and visit (B5)', async () => {
    const response = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ user: 999999, visit: 888888 });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      user: ["Clé primaire « 999999 » non valide - l'objet n'existe pas."],
      visit: ["Clé primaire « 888888 » non valide - l'objet n'existe pas."],
    });
  });

  it('answers 4xx to at least 20 malformed bodies and writes nothing', async () => {
    const cases: MalformedCase[] = [
      ['an empty body', {}],
      ['a missing user', { visit: suite.openVisitId }],
      ['a missing visit', { user: suite.actors.staff.userId }],
      ['a null user', { user: null, visit: suite.openVisitId }],
      ['a user as text', { user: 'abc', visit: suite.openVisitId }],
      ['a negative user', { user: -1, visit: suite.openVisitId }],
      ['a zero visit', { user: suite.actors.staff.userId, visit: 0 }],
      ['a fractional visit', { user: suite.actors.staff.userId, visit: 1.5 }],
      ['a user as an object', { user: { id: suite.actors.staff.userId }, visit: suite.openVisitId }],
      ['a user as a list', { user: [suite.actors.staff.userId], visit: suite.openVisitId }],
      ['a visit as a boolean', { user: suite.actors.staff.userId, visit: true }],
      ['a visit beyond int4', { user: suite.actors.staff.userId, visit: 2 ** 31 }],
      ['a visit beyond the safe integers', { user: suite.actors.staff.userId, visit: 1e20 }],
      ['an unknown visit', { user: suite.actors.staff.userId, visit: 987654 }],
      ['an unknown user', { user: 987654, visit: suite.openVisitId }],
      ['accepted as text', { user: suite.actors.staff.userId, visit: suite.openVisitId, accepted: 'oui' }],
      ['present as a number', { user: suite.actors.staff.userId, visit: suite.openVisitId, present: 7 }],
      ['a bad field beside an undeclared one', { user: suite.actors.staff.userId, visit: 'x', id: 5 }],
      ['a JSON array', [{ user: suite.actors.staff.userId, visit: suite.openVisitId }]],
      ['invalid JSON', '{"user": 1,', true],
      ['a JSON number', '42', true],
      ['a text/plain body', 'user=1&visit=1'],
    ];
    await expectRejectedWithoutWrites(suite, '/api/participations/', suite.actors.staff.headers, cases);
  });

  it('serves POST and DELETE without the trailing slash too (never a 500 or a lost body)', async () => {
    const visit = await createVisit(suite.ctx.db.prisma);
    const created = await request(suite.app)
      .post('/api/participations')
      .set(suite.other.headers)
      .send({ user: suite.other.userId, visit: visit.id });
    expect(created.status).toBe(201);
    expect((await request(suite.app).delete(`/api/participations/${created.body.id}`).set(suite.other.headers)).status).toBe(204);
    const abandon = await request(suite.app)
      .post('/api/participations/abandon')
      .set(suite.other.headers)
      .send({ user: suite.other.userId, visit: visit.id, reason: 'x' });
    expect(abandon.status).toBe(201);
  });

  it('answers 401 anonymous and 405 authenticated to the other methods', async () => {
    expect((await request(suite.app).get('/api/participations/')).status).toBe(401);
    expect((await request(suite.app).get('/api/participations/').set(suite.actors.student.headers)).status).toBe(405);
    for (const method of ['get', 'put', 'patch'] as const) {
      expect((await request(suite.app)[method]('/api/participations/1/')).status).toBe(401);
      const response = await request(suite.app)[method]('/api/participations/1/').set(suite.actors.student.headers);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toContain('DELETE');
    }
  });
});
