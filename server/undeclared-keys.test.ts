// DRF ignores body keys a serializer does not declare (and read-only ones), and the real
// clients rely on it (the Sept-2018 sign-up page sends `phone_number`): every write route
// drops them before validation, so they neither fail a request nor set anything.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { createVisit } from './test/visit-factories.ts';
import { useVisitSuite } from './test/visit-suite.ts';

const suite = useVisitSuite();

/** An app whose debug log lines are kept, to read the dropped-keys line. */
function loggingApp() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { app: createApp({ ...suite.ctx, logger: pino({ level: 'debug' }, sink) }), lines };
}

describe('POST /api/registrations/ from the Sept-2018 sign-up page', () => {
  it('answers 201 to its body (phone_number included) and the account logs in', async () => {
    const { app, lines } = loggingApp();
    const body = {
      email: 'septembre.2018@example.net',
      first_name: 'Léa',
      last_name: 'Martin',
      phone_number: '0611223344',
      password: 'foo1234baz',
    };
    const response = await request(app).post('/api/registrations/').send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ email: body.email, first_name: 'Léa', last_name: 'Martin', phone: null });
    expect(lines.find((line) => line.msg === 'undeclared body keys ignored')).toMatchObject({ dropped: ['phone_number'], level: 20 });

    const login = await request(suite.app).post('/api/auth/get-token/').send({ username: body.email, password: body.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ first_name: 'Léa', phone_number: null });
  });

  it('applies nothing of is_staff, is_superuser, is_active, id, user, validated sent with a sign-up', async () => {
    const { prisma } = suite.ctx.db;
    const email = 'ambitieux@example.net';
    const response = await request(suite.app)
      .post('/api/registrations/')
      .send({
        email,
        first_name: 'A',
        last_name: 'B',
        password: 'foo1234baz',
        is_staff: true,
        is_superuser: true,
        is_active: false,
        id: 4242,
        user: suite.actors.staff.userId,
        validated: true,
        submitted: '2001-01-01T00:00:00Z',
        address: { line1: '1 rue', post_code: '75001', city: 'Paris', country: 'FR', id: 4242, floor: 3 },
      });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.id).not.toBe(4242);
    const user = await prisma.user.findFirstOrThrow({ where: { email } });
    expect(user).toMatchObject({ isStaff: false, isSuperuser: false, isActive: true });
    expect(user.id).not.toBe(4242);
    const registration = await prisma.registration.findUniqueOrThrow({ where: { id: response.body.id }, include: { address: true } });
    expect(registration.submitted.getUTCFullYear()).toBeGreaterThan(2001);
    expect(registration.validated).toBe(false);
    expect(registration.address?.id).not.toBe(4242);
  });
});

describe('participation bodies with extra keys', () => {
  const strip = ({ id: _id, ...rest }: Record<string, unknown>) => rest;

  it('POST /api/participations/ answers as without them, and sets nothing of them', async () => {
    const { prisma } = suite.ctx.db;
    const visit = await createVisit(prisma);
    const headers = { ...suite.other.headers, Host: 'localhost:8000' };
    const extras = { id: 777, accepted: true, present: true, is_staff: true, passed: true, visit_title: 'x' };
    const withExtras = await request(suite.app)
      .post('/api/participations/')
      .set(headers)
      .send({ user: suite.other.userId, visit: visit.id, ...extras });
    expect(withExtras.status, JSON.stringify(withExtras.body)).toBe(201);
    expect(withExtras.body.id).not.toBe(777);
    expect(withExtras.body).toMatchObject({ accepted: null, present: null });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: suite.other.userId } })).toMatchObject({ isStaff: false });
    expect(await prisma.participation.findUniqueOrThrow({ where: { id: withExtras.body.id } })).toMatchObject({
      accepted: null,
      present: null,
    });

    expect((await request(suite.app).delete(`/api/participations/${withExtras.body.id}/`).set(headers)).status).toBe(204);
    const plain = await request(suite.app).post('/api/participations/').set(headers).send({ user: suite.other.userId, visit: visit.id });
    expect(plain.status).toBe(201);
    expect(strip(withExtras.body)).toEqual(strip(plain.body));

    // Extra keys do not turn a refusal into an acceptance either.
    const forOther = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.student.headers)
      .send({ user: suite.other.userId, visit: visit.id, is_staff: true });
    expect(forOther.status).toBe(403);
  });

  it('refuses to set user of someone else through any spelling: 403, nothing created', async () => {
    const { prisma } = suite.ctx.db;
    const visit = await createVisit(prisma);
    const before = await prisma.participation.count();
    const response = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.student.headers)
      .send({ user: suite.other.userId, user_id: suite.other.userId, visit: visit.id });
    expect(response.status).toBe(403);
    // `user_id` is undeclared: it cannot replace `user`.
    const own = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.student.headers)
      .send({ user: suite.actors.student.userId, user_id: suite.other.userId, visit: visit.id });
    expect(own.status).toBe(201);
    expect(own.body.user.id).toBe(suite.actors.student.userId);
    expect(await prisma.participation.count()).toBe(before + 1);
  });

  it('POST /api/participations/abandon/ answers as without them', async () => {
    const body = { user: suite.other.userId, visit: suite.openVisitId, reason: 'Empêchement' };
    const plain = await request(suite.app).post('/api/participations/abandon/').set(suite.other.headers).send(body);
    const withExtras = await request(suite.app)
      .post('/api/participations/abandon/')
      .set(suite.other.headers)
      .send({ ...body, id: 3, sent: '2001-01-01', recipient: 'pirate@example.com', is_staff: true });
    expect(plain.status).toBe(201);
    expect(withExtras.status).toBe(201);
    expect({ ...withExtras.body, sent: 'x' }).toEqual({ ...plain.body, sent: 'x' });
    const last = await suite.ctx.db.prisma.outboxMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(last.recipients).not.toContain('pirate@example.com');
  });

  it('keeps refusing bad declared fields: an extra key does not hide a real error', async () => {
    const response = await request(suite.app)
      .post('/api/participations/')
      .set(suite.other.headers)
      .send({ visit: suite.openVisitId, phone_number: '06' });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body)).toEqual(['user']);
  });
});

describe('the OpenAPI document', () => {
  it('says that undeclared keys are ignored, and no request body forbids additional properties', async () => {
    const document = (await request(suite.app).get('/api/openapi.json')).body;
    const bodies = Object.values(document.paths as Record<string, Record<string, { requestBody?: { description?: string } }>>)
      .flatMap((operations) => Object.values(operations))
      .map((operation) => operation.requestBody)
      .filter(Boolean);
    expect(bodies.length).toBeGreaterThanOrEqual(4);
    for (const body of bodies) expect(body!.description).toMatch(/non déclarées .* sont ignorées/);
    expect(JSON.stringify(document)).not.toContain('"additionalProperties":false');
  });
});
