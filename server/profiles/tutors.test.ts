// Tutors (docs/api.md#tutors): actor matrix, shape field by field, groups sub-route, unsupported
// methods and query counts.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, type ActorName, type TestActor } from '../test/actors.ts';
import { seedProfiles } from '../test/profile-fixtures.ts';
import { createGroup, createTutor } from '../test/tutoring-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let seed: Awaited<ReturnType<typeof seedProfiles>>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  seed = await seedProfiles(ctx);
});
afterAll(() => ctx.database.destroy());

const get = (path: string, who: ActorName = 'staff') => request(app).get(path).set('Host', 'localhost:8000').set(actors[who].headers);

describe('actor matrix (authentication required)', () => {
  const paths = ['/api/tutors/', '/api/tutors/{id}/', '/api/tutors/{id}/tutoringgroups/'];
  it.each(paths.flatMap((path) => ACTOR_NAMES.map((name) => [path, name] as const)))('%s as %s', async (path, name) => {
    const response = await get(path.replace('{id}', String(seed.tutor.id)), name);
    expect(response.status).toBe(name === 'anonymous' ? 401 : 200);
    if (name === 'anonymous') {
      expect(response.headers['www-authenticate']).toBe('Token');
      expect(response.body).toEqual({ detail: "Informations d'authentification non fournies." });
    }
  });
});

describe('GET /api/tutors/ and /api/tutors/{id}/', () => {
  it('answers the tutor shape, without id, groups by id', async () => {
    const { tutor, groupA, groupB } = seed;
    expect((await get(`/api/tutors/${tutor.id}/`)).body).toEqual({
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
    const ids = (await get('/api/tutors/', 'student')).body.map((item: { url: string }) => Number(item.url.split('/').at(-2)));
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(ids).toEqual(expect.arrayContaining([seed.tutor.id, actors.tutor.tutorId, actors.leaderTutor.tutorId]));
    expect(ids.length).toBe(await ctx.db.prisma.tutor.count());
  });

  it.each(['999999', 'abc', '0', '1e3'])('answers 404 to id %s', async (id) => {
    for (const suffix of ['', 'tutoringgroups/']) {
      const response = await get(`/api/tutors/${id}/${suffix}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Pas trouvé.' });
    }
  });
});

describe('GET /api/tutors/{id}/tutoringgroups/', () => {
  it("answers the tutor's groups by name, in the TutoringGroup shape", async () => {
    const { tutor, groupA, groupB, charles } = seed;
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
  });

  it('answers [] for a tutor without group', async () => {
    const lonely = await createTutor(ctx.db.prisma);
    expect((await get(`/api/tutors/${lonely.id}/tutoringgroups/`)).body).toEqual([]);
  });
});

describe('unsupported methods (401 anonymous, else 405, never 500)', () => {
  const paths = ['/api/tutors/', '/api/tutors/{id}/', '/api/tutors/{id}/tutoringgroups/'];
  it.each((['post', 'put', 'patch', 'delete'] as const).flatMap((method) => paths.map((path) => [method, path] as const)))(
    '%s %s',
    async (method, path) => {
      const url = path.replace('{id}', String(seed.tutor.id));
      const before = await ctx.db.prisma.tutor.count();
      expect((await request(app)[method](url).send({ promotion: 2020 })).status).toBe(401);
      const response = await request(app)[method](url).set(actors.superuser.headers).send({ promotion: 2020 });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toContain('GET');
      expect(await ctx.db.prisma.tutor.count()).toBe(before);
    },
  );
});

describe('query counts do not grow with the rows (no N+1)', () => {
  it('list, detail and groups sub-route', async () => {
    const routes = ['/api/tutors/', `/api/tutors/${seed.tutor.id}/`, `/api/tutors/${seed.tutor.id}/tutoringgroups/`];
    const before = [];
    for (const route of routes) before.push(await countQueries(ctx, () => get(route)));
    for (let index = 0; index < 15; index += 1) {
      const group = await createGroup(ctx.db.prisma, { tutors: 1, students: 2 });
      await ctx.db.prisma.tutorTutoringGroup.create({ data: { tutorId: seed.tutor.id, tutoringGroupId: group.id } });
    }
    const after = [];
    for (const route of routes) after.push(await countQueries(ctx, () => get(route)));
    expect(after).toEqual(before);
  });
});
