// Tutors and students (SPEC 3.6, 3.7): actor matrix, shapes field by field, personal data
// (lead decision S2), sub-routes, unsupported methods and query counts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { issueToken } from '../platform/auth.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createGroup, createStudent, createTutor } from '../test/tutoring-factories.ts';
import { addParticipation, createVisit } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let tutor: { id: number; userId: number | null };
let groupB: { id: number };
let groupA: { id: number };
let charles: { id: number; userId: number | null; registrationId: number | null };
let charlesHeaders: Record<string, string>;
let visits: { id: number }[];

const VISIT_DETAIL_KEYS = [
  'date', 'deadline', 'description', 'end_time', 'fact_sheet', 'id', 'image', 'meeting', 'organizers', 'participants', 'passed',
  'permission', 'place', 'registrations_open', 'start_time', 'summary', 'title', 'url',
].sort();

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  const { prisma } = ctx.db;
  await prisma.school.create({ data: { uaiCode: '0930965U', name: 'Lycée Henri Matisse' } });
  tutor = await createTutor(prisma, 2020);
  await prisma.user.update({ where: { id: tutor.userId! }, data: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com' } });
  groupB = await createGroup(prisma, { name: 'B group', schoolId: '0930965U' });
  groupA = await createGroup(prisma, { name: 'A group' });
  for (const group of [groupB, groupA]) await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id } });

  // Charles: full registration (address in Germany), in group B, two visits created out of date order.
  const user = await createUser(prisma, { email: 'charles.dumont@example.net', firstName: 'Charles', lastName: 'Dumont' });
  await prisma.user.update({ where: { id: user.id }, data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z') } });
  const registration = await prisma.registration.create({
    data: {
      firstName: 'Charles',
      lastName: 'Dumont',
      email: 'charles.dumont@example.net',
      submitted: new Date('2018-05-05T12:15:10.998Z'),
      address: { create: { line1: '88 bis rue Jules Guesde', postCode: '93100', city: 'Montreuil', country: 'DE' } },
      emergencyContact: { create: { firstName: 'Marie-Claude', lastName: 'Perret', homePhone: '+33312344556' } },
    },
  });
  charles = await prisma.student.create({ data: { userId: user.id, tutoringGroupId: groupB.id, schoolId: '0930965U', registrationId: registration.id } });
  charlesHeaders = { Authorization: `Token ${issueToken(ctx, user)}` };
  const later = await createVisit(prisma, { days: 40 });
  const sooner = await createVisit(prisma, { days: 10 });
  await addParticipation(prisma, later.id, user.id, { accepted: true });
  await addParticipation(prisma, sooner.id, user.id);
  visits = [sooner, later];
});
afterAll(() => ctx.database.destroy());

const get = (path: string, who: ActorName | Record<string, string> = 'staff') =>
  request(app).get(path).set('Host', 'localhost:8000').set(typeof who === 'string' ? actors[who].headers : who);

describe('actor matrix (SPEC 3.2: authentication required)', () => {
  const paths = [
    '/api/tutors/',
    '/api/tutors/{tutor}/',
    '/api/tutors/{tutor}/tutoringgroups/',
    '/api/students/',
    '/api/students/{student}/',
    '/api/students/{student}/tutoringgroup/',
    '/api/students/{student}/visits/',
  ];
  it.each(paths.flatMap((path) => ACTOR_NAMES.map((name) => [path, name] as const)))('%s as %s', async (path, name) => {
    const response = await get(path.replace('{tutor}', String(tutor.id)).replace('{student}', String(charles.id)), name);
    expect(response.status).toBe(name === 'anonymous' ? 401 : 200);
    if (name === 'anonymous') {
      expect(response.headers['www-authenticate']).toBe('Token');
      expect(response.body).toEqual({ detail: "Informations d'authentification non fournies." });
    }
  });
});

describe('tutors', () => {
  it('answers the tutor shape, without id, groups by id (SPEC 3.6)', async () => {
    const response = await get(`/api/tutors/${tutor.id}/`);
    expect(response.body).toEqual({
      user: {
        id: tutor.userId,
        email: 'john.doe@example.com',
        profile_type: null,
        first_name: 'John',
        last_name: 'Doe',
        gender: null,
        phone_number: null,
        date_of_birth: null,
        url: `http://localhost:8000/api/users/${tutor.userId}/`,
      },
      promotion: 2020,
      tutoring_groups: [groupB.id, groupA.id],
      url: `http://localhost:8000/api/tutors/${tutor.id}/`,
    });
  });

  it('lists tutors by id', async () => {
    const urls = (await get('/api/tutors/', 'student')).body.map((item: { url: string }) => Number(item.url.split('/').at(-2)));
    expect(urls).toEqual([...urls].sort((a: number, b: number) => a - b));
    expect(urls).toEqual(expect.arrayContaining([tutor.id, actors.tutor.tutorId, actors.leaderTutor.tutorId]));
  });

  it("answers the tutor's groups by name, [] without group, 404 for an unknown tutor", async () => {
    const groups = (await get(`/api/tutors/${tutor.id}/tutoringgroups/`, 'student')).body;
    expect(groups.map((group: { id: number }) => group.id)).toEqual([groupA.id, groupB.id]);
    expect(groups[1]).toEqual({
      id: groupB.id,
      name: 'B group',
      tutors: [tutor.id],
      students: [charles.id],
      school: '0930965U',
      students_count: 1,
      tutors_count: 1,
      url: `http://localhost:8000/api/groups/${groupB.id}/`,
    });
    const lonely = await createTutor(ctx.db.prisma);
    expect((await get(`/api/tutors/${lonely.id}/tutoringgroups/`)).body).toEqual([]);
    expect((await get('/api/tutors/999999/tutoringgroups/')).status).toBe(404);
    expect((await get('/api/tutors/x/tutoringgroups/')).status).toBe(404);
  });
});

describe('students', () => {
  const charlesJson = () => ({
    user_id: charles.userId,
    user: {
      id: charles.userId,
      email: 'charles.dumont@example.net',
      profile_type: null,
      first_name: 'Charles',
      last_name: 'Dumont',
      gender: null,
      phone_number: '0612345678',
      date_of_birth: '2002-03-04',
      url: `http://localhost:8000/api/users/${charles.userId}/`,
    },
    address: { line1: '88 bis rue Jules Guesde', line2: '', post_code: '93100', city: 'Montreuil', country: { code: 'DE', name: 'Allemagne' } },
    tutoring_group: groupB.id,
    school: '0930965U',
    emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    registration: { id: charles.registrationId, submitted: '2018-05-05T14:15:10.998000+02:00', validated: false },
    visits: visits.map((visit) => visit.id),
    url: `http://localhost:8000/api/students/${charles.id}/`,
  });

  it.each(['self', 'tutor', 'leaderTutor', 'staff', 'superuser'] as const)('shows everything to %s (SPEC 3.7)', async (who) => {
    const response = await get(`/api/students/${charles.id}/`, who === 'self' ? charlesHeaders : who);
    expect(response.body).toEqual(charlesJson());
  });

  it('hides personal data from another student (S2)', async () => {
    const response = await get(`/api/students/${charles.id}/`, 'student');
    expect(response.body).toEqual({
      ...charlesJson(),
      user: { ...charlesJson().user, phone_number: null, date_of_birth: null },
      address: null,
      emergency_contact: null,
      registration: null,
    });
    const listed = (await get('/api/students/', 'student')).body.find((item: { user_id: number }) => item.user_id === charles.userId);
    expect([listed.address, listed.emergency_contact, listed.registration]).toEqual([null, null, null]);
  });

  it('shows personal data to a tutor who is not staff', async () => {
    const user = await createUser(ctx.db.prisma);
    await ctx.db.prisma.tutor.create({ data: { userId: user.id, promotion: 2026 } });
    const response = await get(`/api/students/${charles.id}/`, { Authorization: `Token ${issueToken(ctx, user)}` });
    expect(response.body.emergency_contact).not.toBeNull();
  });

  it('answers nulls and [] for a student without registration, group, school or visits', async () => {
    const bare = await createStudent(ctx.db.prisma);
    const response = await get(`/api/students/${bare.id}/`);
    expect(response.body).toMatchObject({ user_id: bare.userId, address: null, tutoring_group: null, school: null, emergency_contact: null, registration: null, visits: [] });
    expect(Object.keys(response.body).sort()).toEqual(['address', 'emergency_contact', 'registration', 'school', 'tutoring_group', 'url', 'user', 'user_id', 'visits']);
  });

  it('lists students by id', async () => {
    const ids = (await get('/api/students/', 'student')).body.map((item: { url: string }) => Number(item.url.split('/').at(-2)));
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(ids.length).toBe(await ctx.db.prisma.student.count());
  });

  it.each(['999999', 'abc', '0', '1e3'])('answers 404 to id %s', async (id) => {
    for (const suffix of ['', 'tutoringgroup/', 'visits/']) {
      const response = await get(`/api/students/${id}/${suffix}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Pas trouvé.' });
    }
  });

  it("answers the student's group, {name: ''} without group (B14)", async () => {
    expect((await get(`/api/students/${charles.id}/tutoringgroup/`, 'student')).body).toMatchObject({ id: groupB.id, name: 'B group', students: [charles.id] });
    const bare = await createStudent(ctx.db.prisma);
    expect((await get(`/api/students/${bare.id}/tutoringgroup/`)).body).toEqual({ name: '' });
  });

  it("answers the student's visits as detail objects by date, looked up by student id (B4)", async () => {
    // Make the student id differ from its user id, so the original's confusion would show.
    expect(charles.id).not.toBe(charles.userId);
    const response = await get(`/api/students/${charles.id}/visits/`, 'student');
    expect(response.body.map((visit: { id: number }) => visit.id)).toEqual(visits.map((visit) => visit.id));
    for (const visit of response.body) expect(Object.keys(visit).sort()).toEqual(VISIT_DETAIL_KEYS);
    expect(response.body[1].participants[0]).toMatchObject({ visit: visits[1]!.id, accepted: true, user: { id: charles.userId, phone_number: null } });
    const bare = await createStudent(ctx.db.prisma);
    expect((await get(`/api/students/${bare.id}/visits/`)).body).toEqual([]);
  });
});

describe('unsupported methods (SPEC 3.2: 401 anonymous, else 405, never 500)', () => {
  const paths = [() => '/api/tutors/', () => `/api/tutors/${tutor.id}/`, () => '/api/students/', () => `/api/students/${charles.id}/`, () => `/api/students/${charles.id}/visits/`];
  it.each((['post', 'put', 'patch', 'delete'] as const).flatMap((method) => paths.map((path) => [method, path] as const)))('%s %s', async (method, path) => {
    const before = [await ctx.db.prisma.tutor.count(), await ctx.db.prisma.student.count()];
    expect((await request(app)[method](path()).send({ promotion: 2020 })).status).toBe(401);
    const response = await request(app)[method](path()).set(actors.superuser.headers).send({ promotion: 2020 });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toContain('GET');
    expect([await ctx.db.prisma.tutor.count(), await ctx.db.prisma.student.count()]).toEqual(before);
  });
});

describe('query counts do not grow with the rows (no N+1)', () => {
  const addStudentWithEverything = async () => {
    const { prisma } = ctx.db;
    const student = await createStudent(prisma, { tutoringGroupId: groupA.id });
    const registration = await prisma.registration.create({
      data: {
        firstName: 'X',
        lastName: 'Y',
        email: 'x@example.org',
        address: { create: { line1: 'l', postCode: 'p', city: 'c' } },
        emergencyContact: { create: { firstName: 'E', lastName: 'C' } },
      },
    });
    await prisma.student.update({ where: { id: student.id }, data: { registrationId: registration.id } });
    const visit = await createVisit(prisma);
    await addParticipation(prisma, visit.id, student.userId!);
    await addParticipation(prisma, visits[0]!.id, student.userId!);
    return student;
  };

  it('GET /api/students/ and /api/tutors/', async () => {
    const students = await countQueries(ctx, () => get('/api/students/'));
    const tutors = await countQueries(ctx, () => get('/api/tutors/'));
    for (let index = 0; index < 15; index += 1) {
      await addStudentWithEverything();
      const extra = await createTutor(ctx.db.prisma);
      await ctx.db.prisma.tutorTutoringGroup.create({ data: { tutorId: extra.id, tutoringGroupId: groupA.id } });
    }
    expect(await countQueries(ctx, () => get('/api/students/'))).toBe(students);
    expect(await countQueries(ctx, () => get('/api/tutors/'))).toBe(tutors);
  });

  it('details and sub-routes', async () => {
    const routes = [
      () => `/api/students/${charles.id}/`,
      () => `/api/students/${charles.id}/tutoringgroup/`,
      () => `/api/students/${charles.id}/visits/`,
      () => `/api/tutors/${tutor.id}/`,
      () => `/api/tutors/${tutor.id}/tutoringgroups/`,
    ];
    const before = [];
    for (const route of routes) before.push(await countQueries(ctx, () => get(route())));
    // More visits, participants, groups and group members around the same student and tutor.
    for (let index = 0; index < 10; index += 1) {
      const visit = await createVisit(ctx.db.prisma);
      await addParticipation(ctx.db.prisma, visit.id, charles.userId!);
      await addStudentWithEverything();
      const group = await createGroup(ctx.db.prisma, { tutors: 1, students: 1 });
      await ctx.db.prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id } });
    }
    const after = [];
    for (const route of routes) after.push(await countQueries(ctx, () => get(route())));
    expect(after).toEqual(before);
  });
});
