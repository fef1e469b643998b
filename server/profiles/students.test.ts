// Students (docs/api.md#students): actor matrix, shape field by field, personal data (docs/decisions.md#security-fixes,
// S2), group and visits sub-routes, unsupported methods and query counts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { issueToken } from '../platform/auth.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createStudentWithEverything, seedProfiles } from '../test/profile-fixtures.ts';
import { createStudent } from '../test/tutoring-factories.ts';
import { addParticipation, createVisit } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let seed: Seed;
let charles: Seed['charles'];
let groupB: Seed['groupB'];
let visits: Seed['visits'];
let charlesHeaders: Seed['charlesHeaders'];
type Seed = Awaited<ReturnType<typeof seedProfiles>>;

const VISIT_DETAIL_KEYS = [
  'date',
  'deadline',
  'description',
  'end_time',
  'fact_sheet',
  'id',
  'image',
  'meeting',
  'organizers',
  'participants',
  'passed',
  'permission',
  'place',
  'registrations_open',
  'start_time',
  'summary',
  'title',
  'url',
].sort();

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  seed = await seedProfiles(ctx);
  ({ charles, groupB, visits, charlesHeaders } = seed);
});
afterAll(() => ctx.database.destroy());

const get = (path: string, who: ActorName | Record<string, string> = 'staff') =>
  request(app)
    .get(path)
    .set('Host', 'localhost:8000')
    .set(typeof who === 'string' ? actors[who].headers : who);

describe('actor matrix (authentication required)', () => {
  const paths = ['/api/students/', '/api/students/{id}/', '/api/students/{id}/tutoringgroup/', '/api/students/{id}/visits/'];
  it.each(paths.flatMap((path) => ACTOR_NAMES.map((name) => [path, name] as const)))('%s as %s', async (path, name) => {
    const response = await get(path.replace('{id}', String(seed.charles.id)), name);
    expect(response.status).toBe(name === 'anonymous' ? 401 : 200);
    if (name === 'anonymous') {
      expect(response.headers['www-authenticate']).toBe('Token');
      expect(response.body).toEqual({ detail: "Informations d'authentification non fournies." });
    }
  });
});

describe('GET /api/students/ and sub-routes', () => {
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
    address: {
      line1: '88 bis rue Jules Guesde',
      line2: '',
      post_code: '93100',
      city: 'Montreuil',
      country: { code: 'DE', name: 'Allemagne' },
    },
    tutoring_group: groupB.id,
    school: '0930965U',
    emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    registration: { id: charles.registrationId, submitted: '2018-05-05T14:15:10.998000+02:00', validated: false },
    visits: visits.map((visit) => visit.id),
    url: `http://localhost:8000/api/students/${charles.id}/`,
  });

  it.each(['self', 'tutor', 'leaderTutor', 'staff', 'superuser'] as const)('shows everything to %s', async (who) => {
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
    expect(response.body).toMatchObject({
      user_id: bare.userId,
      address: null,
      tutoring_group: null,
      school: null,
      emergency_contact: null,
      registration: null,
      visits: [],
    });
    expect(Object.keys(response.body).sort()).toEqual([
      'address',
      'emergency_contact',
      'registration',
      'school',
      'tutoring_group',
      'url',
      'user',
      'user_id',
      'visits',
    ]);
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
    expect((await get(`/api/students/${charles.id}/tutoringgroup/`, 'student')).body).toMatchObject({
      id: groupB.id,
      name: 'B group',
      students: [charles.id],
    });
    const bare = await createStudent(ctx.db.prisma);
    expect((await get(`/api/students/${bare.id}/tutoringgroup/`)).body).toEqual({ name: '' });
  });

  it("answers a user's visits as detail objects by date, {id} being the USER id as in the original and its clients", async () => {
    // The student id differs from its user id, so reading the wrong one would show.
    expect(charles.id).not.toBe(charles.userId);
    const response = await get(`/api/students/${charles.userId}/visits/`, 'student');
    expect(response.body.map((visit: { id: number }) => visit.id)).toEqual(visits.map((visit) => visit.id));
    for (const visit of response.body) expect(Object.keys(visit).sort()).toEqual(VISIT_DETAIL_KEYS);
    expect(response.body[1].participants[0]).toMatchObject({
      visit: visits[1]!.id,
      accepted: true,
      user: { id: charles.userId, phone_number: null },
    });
    const bare = await createStudent(ctx.db.prisma);
    expect((await get(`/api/students/${bare.userId}/visits/`)).body).toEqual([]);
    const unknown = await get('/api/students/987654/visits/');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Pas trouvé.' });
  });
});

describe('unsupported methods (401 anonymous, else 405, never 500)', () => {
  const paths = ['/api/students/', '/api/students/{id}/', '/api/students/{id}/tutoringgroup/', '/api/students/{id}/visits/'];
  it.each((['post', 'put', 'patch', 'delete'] as const).flatMap((method) => paths.map((path) => [method, path] as const)))(
    '%s %s',
    async (method, path) => {
      const url = path.replace('{id}', String(seed.charles.id));
      const before = await ctx.db.prisma.student.count();
      expect((await request(app)[method](url).send({ user_id: 1 })).status).toBe(401);
      const response = await request(app)[method](url).set(actors.superuser.headers).send({ user_id: 1 });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toContain('GET');
      expect(await ctx.db.prisma.student.count()).toBe(before);
    },
  );
});

describe('query counts do not grow with the rows (no N+1)', () => {
  it('list, detail and sub-routes', async () => {
    const { groupA } = seed;
    const routes = [
      '/api/students/',
      `/api/students/${charles.id}/`,
      `/api/students/${charles.id}/tutoringgroup/`,
      `/api/students/${charles.id}/visits/`,
    ];
    const before = [];
    for (const route of routes) before.push(await countQueries(ctx, () => get(route)));
    // More students with everything attached, more visits (with participants) for Charles.
    for (let index = 0; index < 15; index += 1) {
      await createStudentWithEverything(ctx.db.prisma, index % 2 ? groupA.id : groupB.id, visits[0]!.id);
      const visit = await createVisit(ctx.db.prisma);
      await addParticipation(ctx.db.prisma, visit.id, charles.userId!);
    }
    const after = [];
    for (const route of routes) after.push(await countQueries(ctx, () => get(route)));
    expect(after).toEqual(before);
  });
});
