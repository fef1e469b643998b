import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { formatDateTime } from '../platform/format.ts';
import { ACTOR_NAMES, countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { addOrganizer, addParticipation, createPlace, createVisit, dayOffset } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let visitId: number;
let participantId: number;
let participationId: number;
let placeId: number;

const HOST = 'localhost:8000';
const BASE = `http://${HOST}`;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  const { prisma } = ctx.db;
  const place = await createPlace(prisma, { name: 'Palais de la Découverte', description: 'Un musée ![plan](/media/markdownx/plan.png)' });
  placeId = place.id;
  const visit = await createVisit(prisma, {
    title: 'Visite du Palais',
    placeId: place.id,
    image: 'visits/images/visit-1.jpg',
    factSheet: 'visits/fact_sheets/visit1.pdf',
    description: '![brut](/media/x.png)',
  });
  visitId = visit.id;
  const participant = await createUser(prisma, { email: 'charles.dumont@example.net', firstName: 'Charles', lastName: 'Dumont' });
  await prisma.user.update({
    where: { id: participant.id },
    data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z') },
  });
  participantId = participant.id;
  // Created out of id order, to check that the lists are sorted.
  participationId = (await addParticipation(prisma, visit.id, participant.id)).id;
  await addParticipation(prisma, visit.id, actors.student.userId!, { accepted: true, present: false });
  await addOrganizer(prisma, visit.id, actors.leaderTutor.tutorId!);
  await addOrganizer(prisma, visit.id, actors.tutor.tutorId!);
});
afterAll(() => ctx.database.destroy());

const authenticatedOnly = ACTOR_NAMES.map((name) => [name, name === 'anonymous' ? 401 : 200] as const);

describe('GET /api/visits/', () => {
  it.each(authenticatedOnly)('answers %s with %i', async (name, status) => {
    const response = await request(app).get('/api/visits/').set(actors[name].headers);
    expect(response.status).toBe(status);
    if (status === 401) {
      expect(response.headers['www-authenticate']).toBe('Token');
      expect(response.body).toEqual({ detail: "Informations d'authentification non fournies." });
    }
  });

  it('renders the list shape field by field', async () => {
    const response = await request(app).get('/api/visits/').set('Host', HOST).set(actors.student.headers);
    const visit = await ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId } });
    expect(response.body.find((item: { id: number }) => item.id === visitId)).toEqual({
      id: visitId,
      title: 'Visite du Palais',
      summary: '',
      place: 'Palais de la Découverte',
      date: dayOffset(30).toISOString().slice(0, 10),
      start_time: '14:00:00',
      end_time: '16:30:00',
      deadline: formatDateTime(visit.deadline),
      passed: false,
      registrations_open: true,
      participants: [actors.student.userId, participantId].sort((a, b) => a! - b!),
      organizers: [actors.tutor.userId, actors.leaderTutor.userId].sort((a, b) => a! - b!),
      image: `${BASE}/media/visits/images/visit-1.jpg`,
      url: `${BASE}/api/visits/${visitId}/`,
    });
  });

  it('orders visits by date and computes passed / registrations_open', async () => {
    const { prisma } = ctx.db;
    const past = await createVisit(prisma, { days: -3, closed: true });
    const closed = await createVisit(prisma, { days: 2, closed: true });
    const response = await request(app).get('/api/visits/').set(actors.student.headers);
    const ids = response.body.map((item: { id: number }) => item.id);
    expect(ids.indexOf(past.id)).toBeLessThan(ids.indexOf(closed.id));
    expect(ids.indexOf(closed.id)).toBeLessThan(ids.indexOf(visitId));
    const byId = Object.fromEntries(response.body.map((item: { id: number }) => [item.id, item]));
    expect(byId[past.id]).toMatchObject({
      passed: true,
      registrations_open: false,
      place: null,
      image: null,
      participants: [],
      organizers: [],
    });
    expect(byId[closed.id]).toMatchObject({ passed: false, registrations_open: false });
  });

  it('writes compact JSON that agrees with the detail on every shared field, whatever the text or the hour', async () => {
    const { prisma } = ctx.db;
    const place = await createPlace(prisma, { name: 'Théâtre « l’Odéon » "\\ \n\u0007' });
    const tricky = await prisma.visit.create({
      data: {
        title: 'Nuit Blanche — « 2017 » "quotes" \\ back\nslash\t\u0001 🎭 \u2028',
        summary: '</script><b>résumé</b>',
        date: new Date('2026-03-28T00:00:00Z'),
        startTime: new Date('1970-01-01T20:00:00.250Z'),
        endTime: new Date('1970-01-01T02:30:00Z'), // overnight, into the hour the spring change skips
        deadline: new Date('2026-03-28T10:00:00.998Z'),
        placeId: place.id,
        image: 'visits/images/une image é.jpg',
      },
    });
    const list = await request(app).get('/api/visits/').set('Host', HOST).set(actors.staff.headers);
    expect(list.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(list.text).toBe(JSON.stringify(JSON.parse(list.text)));
    const item = list.body.find((entry: { id: number }) => entry.id === tricky.id);
    const detail = (await request(app).get(`/api/visits/${tricky.id}/`).set('Host', HOST).set(actors.staff.headers)).body;
    const shared = ['id', 'title', 'summary', 'date', 'start_time', 'end_time', 'deadline', 'passed', 'registrations_open', 'image', 'url'];
    expect(Object.fromEntries(shared.map((key) => [key, item[key]]))).toEqual(Object.fromEntries(shared.map((key) => [key, detail[key]])));
    expect(item.place).toBe(detail.place.name);
    expect(item).toMatchObject({ start_time: '20:00:00.250000', passed: true, registrations_open: false });
  });

  it('runs the same number of queries for a few and for 200 more visits', async () => {
    const few = await countQueries(ctx, () => request(app).get('/api/visits/').set(actors.student.headers));
    const { prisma } = ctx.db;
    const place = await createPlace(prisma);
    const template = await createVisit(prisma, { placeId: place.id, image: 'visits/images/x.jpg' });
    const { id: _id, ...data } = template;
    const visits = await prisma.visit.createManyAndReturn({ data: Array.from({ length: 200 }, () => data), select: { id: true } });
    await prisma.participation.createMany({ data: visits.map((visit) => ({ visitId: visit.id, userId: participantId })) });
    await prisma.visitOrganizer.createMany({ data: visits.map((visit) => ({ visitId: visit.id, tutorId: actors.tutor.tutorId! })) });
    const response = await request(app).get('/api/visits/').set(actors.student.headers);
    expect(response.body.length).toBeGreaterThan(200);
    const many = await countQueries(ctx, () => request(app).get('/api/visits/').set(actors.student.headers));
    expect(many).toBe(few);
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('answers %s with 401 anonymous, 405 authenticated', async (method) => {
    expect((await request(app)[method]('/api/visits/')).status).toBe(401);
    const response = await request(app)[method]('/api/visits/').set(actors.staff.headers);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toContain('GET');
  });
});

describe('GET /api/visits/{id}/', () => {
  it.each(authenticatedOnly)('answers %s with %i', async (name, status) => {
    expect((await request(app).get(`/api/visits/${visitId}/`).set(actors[name].headers)).status).toBe(status);
  });

  it('renders exactly the 18 keys of the detail shape, field by field', async () => {
    const response = await request(app).get(`/api/visits/${visitId}/`).set('Host', HOST).set(actors.staff.headers);
    const visit = await ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId } });
    const userJson = (id: number, email: string, first: string, last: string, personal: { phone: string | null; dob: string | null }) => ({
      id,
      email,
      profile_type: null,
      first_name: first,
      last_name: last,
      gender: null,
      phone_number: personal.phone,
      date_of_birth: personal.dob,
      url: `${BASE}/api/users/${id}/`,
    });
    const none = { phone: null, dob: null };
    const student = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: actors.student.userId! } });
    const tutor = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: actors.tutor.userId! } });
    const leader = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: actors.leaderTutor.userId! } });
    const organizers = [
      { id: actors.tutor.tutorId!, user: userJson(tutor.id, tutor.email, 'tutor', '', none) },
      { id: actors.leaderTutor.tutorId!, user: userJson(leader.id, leader.email, 'leaderTutor', '', none) },
    ].sort((a, b) => a.id - b.id);
    expect(Object.keys(response.body)).toHaveLength(18);
    expect(response.body).toEqual({
      id: visitId,
      title: 'Visite du Palais',
      summary: '',
      description: '![brut](/media/x.png)',
      place: {
        id: placeId,
        name: 'Palais de la Découverte',
        address: {
          line1: 'Avenue Franklin Delano Roosevelt',
          line2: '',
          post_code: '75008',
          city: 'Paris',
          country: { code: 'FR', name: 'France' },
        },
        description: `Un musée ![plan](${BASE}/media/markdownx/plan.png)`,
      },
      date: dayOffset(30).toISOString().slice(0, 10),
      start_time: '14:00:00',
      end_time: '16:30:00',
      meeting: '',
      deadline: formatDateTime(visit.deadline),
      passed: false,
      registrations_open: true,
      participants: [
        {
          id: participationId,
          user: userJson(participantId, 'charles.dumont@example.net', 'Charles', 'Dumont', { phone: '0612345678', dob: '2002-03-04' }),
          visit: visitId,
          present: null,
          accepted: null,
        },
        {
          id: participationId + 1,
          user: userJson(student.id, student.email, 'student', '', none),
          visit: visitId,
          present: false,
          accepted: true,
        },
      ],
      organizers,
      image: `${BASE}/media/visits/images/visit-1.jpg`,
      fact_sheet: `${BASE}/media/visits/fact_sheets/visit1.pdf`,
      permission: null,
      url: `${BASE}/api/visits/${visitId}/`,
    });
  });

  it("hides other participants' phone and birth date from a student (docs/decisions.md S2)", async () => {
    const response = await request(app).get(`/api/visits/${visitId}/`).set(actors.student.headers);
    const other = response.body.participants.find((item: { user: { id: number } }) => item.user.id === participantId);
    expect(other.user).toMatchObject({ email: 'charles.dumont@example.net', phone_number: null, date_of_birth: null });
    const tutorView = await request(app).get(`/api/visits/${visitId}/`).set(actors.tutor.headers);
    const seen = tutorView.body.participants.find((item: { user: { id: number } }) => item.user.id === participantId);
    expect(seen.user).toMatchObject({ phone_number: '0612345678', date_of_birth: '2002-03-04' });
  });

  it.each(['999999', 'abc', '0', '-1', '1.5', '99999999999'])('answers 404 to id %s', async (id) => {
    const response = await request(app).get(`/api/visits/${id}/`).set(actors.student.headers);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Pas trouvé.' });
  });

  it('runs the same number of queries for 1 and for 31 participants and organizers', async () => {
    const { prisma } = ctx.db;
    const visit = await createVisit(prisma);
    const user = await createUser(prisma);
    await addParticipation(prisma, visit.id, user.id);
    const few = await countQueries(ctx, () => request(app).get(`/api/visits/${visit.id}/`).set(actors.student.headers));
    for (let index = 0; index < 30; index += 1) {
      const other = await createUser(prisma);
      await addParticipation(prisma, visit.id, other.id);
      const tutor = await prisma.tutor.create({ data: { userId: other.id, promotion: 2027 } });
      await addOrganizer(prisma, visit.id, tutor.id);
    }
    const many = await countQueries(ctx, () => request(app).get(`/api/visits/${visit.id}/`).set(actors.student.headers));
    expect(many).toBe(few);
  });

  it('redirects GET without the trailing slash', async () => {
    const response = await request(app).get(`/api/visits/${visitId}`).set(actors.student.headers);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(`/api/visits/${visitId}/`);
  });
});
