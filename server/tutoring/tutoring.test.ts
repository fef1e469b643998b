// Schools, tutoring groups and sessions (docs/api.md#schools): actor matrix, shapes, orders,
// lookups, unsupported methods and query counts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, type ActorName, type TestActor } from '../test/actors.ts';
import { createGroup, createSchool, createStudent, createTutor } from '../test/tutoring-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let group: { id: number };
let tutorIds: number[];
let studentIds: number[];
let session: { id: number };

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  const { prisma } = ctx.db;
  await createSchool(prisma, { uaiCode: '0930965U', name: 'Lycée Henri Matisse' });
  await createSchool(prisma, { uaiCode: '0921399n', name: 'Lycée Anatole France', withAddress: false });
  group = await prisma.tutoringGroup.create({ data: { name: 'Henri Matisse (Seconde)', schoolId: '0930965U' } });
  // Created in reverse so that the id lists must be sorted, not merely kept in insertion order.
  const tutors = [await createTutor(prisma), await createTutor(prisma)];
  tutorIds = tutors.map((tutor) => tutor.id);
  for (const tutor of [...tutors].reverse()) {
    await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id, isLeader: tutor === tutors[0] } });
  }
  studentIds = [];
  for (let index = 0; index < 2; index += 1)
    studentIds.push((await createStudent(prisma, { tutoringGroupId: group.id, schoolId: '0930965U' })).id);
  session = await prisma.tutoringSession.create({
    data: {
      date: new Date('2018-05-30T00:00:00Z'),
      startTime: new Date('1970-01-01T17:00:00Z'),
      endTime: new Date('1970-01-01T19:00:00.250Z'),
      tutoringGroupId: group.id,
    },
  });
});
afterAll(() => ctx.database.destroy());

const get = (path: string, name: ActorName = 'student') => request(app).get(path).set('Host', 'localhost:8000').set(actors[name].headers);

describe('actor matrix', () => {
  const routes: [string, () => string, Record<ActorName, number>][] = [
    ['GET /schools/', () => '/api/schools/', { anonymous: 200, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 }],
    [
      'GET /schools/choices/',
      () => '/api/schools/choices/',
      { anonymous: 200, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 },
    ],
    [
      'GET /schools/{uai}/',
      () => '/api/schools/0930965U/',
      { anonymous: 401, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 },
    ],
    ['GET /groups/', () => '/api/groups/', { anonymous: 401, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 }],
    [
      'GET /groups/{id}/',
      () => `/api/groups/${group.id}/`,
      { anonymous: 401, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 },
    ],
    ['GET /sessions/', () => '/api/sessions/', { anonymous: 200, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 }],
    [
      'GET /sessions/{id}/',
      () => `/api/sessions/${session.id}/`,
      { anonymous: 200, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 },
    ],
  ];
  it.each(routes.flatMap(([label, path, expected]) => ACTOR_NAMES.map((name) => [label, name, path, expected[name]] as const)))(
    '%s as %s',
    async (_label, name, path, status) => {
      const response = await get(path(), name);
      expect(response.status).toBe(status);
      if (status === 401) expect(response.headers['www-authenticate']).toBe('Token');
    },
  );
});

describe('schools', () => {
  const matisseJson = () => ({
    uai_code: '0930965U',
    name: 'Lycée Henri Matisse',
    address: {
      line1: '88 bis rue Jules Guesde',
      line2: '',
      post_code: '93100',
      city: 'Montreuil',
      country: { code: 'FR', name: 'France' },
    },
    students: studentIds,
    students_count: 2,
    url: 'http://localhost:8000/api/schools/0930965U/',
  });

  it('lists schools by name with their fields', async () => {
    const response = await get('/api/schools/', 'anonymous');
    expect(response.body).toEqual([
      {
        uai_code: '0921399n',
        name: 'Lycée Anatole France',
        address: null,
        students: [],
        students_count: 0,
        url: 'http://localhost:8000/api/schools/0921399n/',
      },
      matisseJson(),
    ]);
  });

  it('answers the detail, the UAI matched case-insensitively', async () => {
    expect((await get('/api/schools/0930965U/')).body).toEqual(matisseJson());
    expect((await get('/api/schools/0930965u/')).body).toEqual(matisseJson());
    expect((await get('/api/schools/0921399N/')).body.uai_code).toBe('0921399n');
  });

  it.each(['9999999Z', 'choice', '123', '0930965UU', 'abcdefgh'])('answers 404 to %s', async (code) => {
    const response = await get(`/api/schools/${code}/`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Pas trouvé.' });
  });

  it('answers the choices with exactly uai_code and name', async () => {
    const response = await get('/api/schools/choices/', 'anonymous');
    expect(response.body).toEqual([
      { uai_code: '0921399n', name: 'Lycée Anatole France' },
      { uai_code: '0930965U', name: 'Lycée Henri Matisse' },
    ]);
  });

  it('writes the choices byte for byte as JSON.stringify would, ties by code', async () => {
    // PostgreSQL writes this answer (routes.ts): quotes, backslashes, control characters,
    // astral and line-separator characters must come out as Node would write them.
    const odd = 'Lycée "Jean" \\ Moulin\u0001\t😀\u2028';
    const codes = ['0000002B', '0000001A'];
    for (const uaiCode of codes) await createSchool(ctx.db.prisma, { uaiCode, name: odd, withAddress: false });
    try {
      const rows = await ctx.db.prisma.school.findMany({
        select: { uaiCode: true, name: true },
        orderBy: [{ name: 'asc' }, { uaiCode: 'asc' }],
      });
      const response = await get('/api/schools/choices/', 'anonymous');
      expect(response.text).toBe(JSON.stringify(rows.map(({ uaiCode, name }) => ({ uai_code: uaiCode, name }))));
      expect(
        response.body.filter((choice: { name: string }) => choice.name === odd).map((choice: { uai_code: string }) => choice.uai_code),
      ).toEqual(['0000001A', '0000002B']);
    } finally {
      await ctx.db.prisma.school.deleteMany({ where: { uaiCode: { in: codes } } });
    }
  });
});

describe('tutoring groups', () => {
  it('answers the TutoringGroup shape, id lists by id', async () => {
    const expected = {
      id: group.id,
      name: 'Henri Matisse (Seconde)',
      tutors: tutorIds,
      students: studentIds,
      school: '0930965U',
      students_count: 2,
      tutors_count: 2,
      url: `http://localhost:8000/api/groups/${group.id}/`,
    };
    expect((await get(`/api/groups/${group.id}/`)).body).toEqual(expected);
    expect((await get('/api/groups/')).body).toContainEqual(expected);
  });

  it('orders groups by name', async () => {
    const names = (await get('/api/groups/')).body.map((item: { name: string }) => item.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names.length).toBe(await ctx.db.prisma.tutoringGroup.count());
  });

  it.each(['999999', 'abc', '0', '-4'])('answers 404 to id %s', async (id) => {
    expect((await get(`/api/groups/${id}/`)).status).toBe(404);
  });
});

describe('tutoring sessions', () => {
  it.each(['999999', 'abc', '0', '2.5'])('answers 404 to id %s', async (id) => {
    expect((await get(`/api/sessions/${id}/`, 'anonymous')).status).toBe(404);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await request(app).head(`/api/sessions/${session.id}/`);
    expect(response.status).toBe(200);
    expect(response.text).toBeUndefined();
  });

  it('builds both URLs from X-Forwarded-* behind a trusted proxy', async () => {
    const proxied = createApp({ ...ctx, config: { ...ctx.config, trustProxy: 1 } });
    const response = await request(proxied)
      .get(`/api/sessions/${session.id}/`)
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'api.oser-cs.fr');
    expect(response.body.url).toBe(`https://api.oser-cs.fr/api/sessions/${session.id}/`);
    expect(response.body.tutoring_group).toBe(`https://api.oser-cs.fr/api/groups/${group.id}/`);
  });

  it('answers the session shape, fractional seconds as DRF', async () => {
    expect((await get(`/api/sessions/${session.id}/`, 'anonymous')).body).toEqual({
      id: session.id,
      date: '2018-05-30',
      start_time: '17:00:00',
      end_time: '19:00:00.250000',
      tutoring_group: `http://localhost:8000/api/groups/${group.id}/`,
      url: `http://localhost:8000/api/sessions/${session.id}/`,
    });
  });

  it('defaults to 17:00–19:00 and orders by date then start time', async () => {
    const { prisma } = ctx.db;
    const late = await prisma.tutoringSession.create({
      data: { date: new Date('2018-05-01T00:00:00Z'), startTime: new Date('1970-01-01T18:00:00Z'), tutoringGroupId: group.id },
    });
    const early = await prisma.tutoringSession.create({ data: { date: new Date('2018-05-01T00:00:00Z'), tutoringGroupId: group.id } });
    const ids = (await get('/api/sessions/', 'anonymous')).body.map((item: { id: number }) => item.id);
    expect(ids.slice(0, 3)).toEqual([early.id, late.id, session.id]);
    const body = (await get(`/api/sessions/${early.id}/`)).body;
    expect([body.start_time, body.end_time]).toEqual(['17:00:00', '19:00:00']);
  });
});

describe('unsupported methods (401 anonymous, else 405, never 500)', () => {
  const families: [string, () => string, number][] = [
    ['schools list', () => '/api/schools/', 401],
    ['schools detail', () => '/api/schools/0930965U/', 401],
    ['schools choices', () => '/api/schools/choices/', 401],
    ['groups list', () => '/api/groups/', 401],
    ['groups detail', () => `/api/groups/${group.id}/`, 401],
    ['sessions list', () => '/api/sessions/', 405],
    ['sessions detail', () => `/api/sessions/${session.id}/`, 405],
  ];
  it.each(
    families.flatMap(([label, path, anonymous]) =>
      (['post', 'put', 'patch', 'delete'] as const).map((method) => [label, method, path, anonymous] as const),
    ),
  )('%s %s: anonymous then staff', async (_label, method, path, anonymousStatus) => {
    const counts = async () => [
      await ctx.db.prisma.school.count(),
      await ctx.db.prisma.tutoringGroup.count(),
      await ctx.db.prisma.tutoringSession.count(),
    ];
    const before = await counts();
    expect((await request(app)[method](path()).send({ name: 'x', uai_code: '1234567A' })).status).toBe(anonymousStatus);
    const response = await request(app)[method](path()).set(actors.superuser.headers).send({ name: 'x', uai_code: '1234567A' });
    expect(response.status).toBe(405);
    expect(response.headers.allow).toMatch(/GET/);
    expect(await counts()).toEqual(before);
  });
});

describe('query counts do not grow with the rows (no N+1)', () => {
  it.each([
    [
      '/api/schools/',
      async () => {
        await createSchool(ctx.db.prisma);
      },
    ],
    [
      '/api/schools/choices/',
      async () => {
        await createSchool(ctx.db.prisma);
      },
    ],
    [
      '/api/groups/',
      async () => {
        await createGroup(ctx.db.prisma, { tutors: 2, students: 2, schoolId: '0930965U' });
      },
    ],
    [
      '/api/sessions/',
      async () => {
        await ctx.db.prisma.tutoringSession.create({ data: { tutoringGroupId: group.id } });
      },
    ],
  ])('%s', async (path, addOne) => {
    await addOne();
    const one = await countQueries(ctx, () => get(path));
    for (let index = 0; index < 20; index += 1) await addOne();
    const many = await countQueries(ctx, () => get(path));
    expect(many).toBe(one);
  });

  it('details run a constant number of queries', async () => {
    const routes = ['/api/schools/0930965U/', `/api/groups/${group.id}/`, `/api/sessions/${session.id}/`];
    const before = [];
    for (const route of routes) before.push(await countQueries(ctx, () => get(route)));
    for (let index = 0; index < 10; index += 1) {
      await createStudent(ctx.db.prisma, { tutoringGroupId: group.id, schoolId: '0930965U' });
      const extra = await createTutor(ctx.db.prisma);
      await ctx.db.prisma.tutorTutoringGroup.create({ data: { tutorId: extra.id, tutoringGroupId: group.id } });
    }
    const after = [];
    for (const route of routes) after.push(await countQueries(ctx, () => get(route)));
    expect(after).toEqual(before);
    expect((await get(`/api/groups/${group.id}/`)).body.tutors_count).toBe(12);
  });
});
