// GET /api/users/ and /api/users/{id}/ (docs/api.md#users): actor matrix, shape, personal data (S2).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { issueToken } from '../platform/auth.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let charles: { id: number };

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  charles = await createUser(ctx.db.prisma, { email: 'charles.dumont@example.net', firstName: 'Charles', lastName: 'Dumont' });
  await ctx.db.prisma.user.update({
    where: { id: charles.id },
    data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z'), gender: 'M' },
  });
});
afterAll(() => ctx.database.destroy());

const get = (path: string, actor: ActorName | Record<string, string>) =>
  request(app)
    .get(path)
    .set('Host', 'localhost:8000')
    .set(typeof actor === 'string' ? actors[actor].headers : actor);

describe('actor matrix', () => {
  const expected: Record<ActorName, number> = { anonymous: 401, student: 200, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 };
  it.each(ACTOR_NAMES)('GET /api/users/ and /api/users/{id}/ for %s', async (name) => {
    const list = await get('/api/users/', name);
    const detail = await get(`/api/users/${charles.id}/`, name);
    expect([list.status, detail.status]).toEqual([expected[name], expected[name]]);
    if (name === 'anonymous') {
      expect(list.headers['www-authenticate']).toBe('Token');
      expect(detail.body).toEqual({ detail: "Informations d'authentification non fournies." });
    }
  });
});

describe('GET /api/users/{id}/', () => {
  it('answers the UserSummary field by field', async () => {
    const response = await get(`/api/users/${charles.id}/`, 'staff');
    expect(response.body).toEqual({
      id: charles.id,
      email: 'charles.dumont@example.net',
      profile_type: null,
      first_name: 'Charles',
      last_name: 'Dumont',
      gender: 'M',
      phone_number: '0612345678',
      date_of_birth: '2002-03-04',
      url: `http://localhost:8000/api/users/${charles.id}/`,
    });
  });

  it.each(['tutor', 'leaderTutor', 'staff', 'superuser'] as const)('shows personal data to %s', async (name) => {
    const response = await get(`/api/users/${charles.id}/`, name);
    expect([response.body.phone_number, response.body.date_of_birth]).toEqual(['0612345678', '2002-03-04']);
  });

  it('hides phone number and date of birth from another student, not from the user themself (S2)', async () => {
    const other = await get(`/api/users/${charles.id}/`, 'student');
    expect(other.body.phone_number).toBeNull();
    expect(other.body.date_of_birth).toBeNull();
    expect(other.body.email).toBe('charles.dumont@example.net');
    const self = await get(`/api/users/${charles.id}/`, {
      Authorization: `Token ${issueToken(ctx, await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: charles.id } }))}`,
    });
    expect([self.body.phone_number, self.body.date_of_birth]).toEqual(['0612345678', '2002-03-04']);
  });

  it('shows personal data to a tutor who is not staff', async () => {
    const tutorUser = await createUser(ctx.db.prisma);
    await ctx.db.prisma.tutor.create({ data: { userId: tutorUser.id, promotion: 2026 } });
    const response = await get(`/api/users/${charles.id}/`, { Authorization: `Token ${issueToken(ctx, tutorUser)}` });
    expect(response.body.phone_number).toBe('0612345678');
  });

  it.each(['999999', 'abc', '1.5', '-1', '0', '99999999999999999999'])('answers 404 to id %s', async (id) => {
    const response = await get(`/api/users/${id}/`, 'student');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Pas trouvé.' });
  });

  it("hides django-guardian's AnonymousUser (B18)", async () => {
    const pseudo = await ctx.db.prisma.user.create({ data: { email: 'AnonymousUser', password: '!x' } });
    expect((await get(`/api/users/${pseudo.id}/`, 'staff')).status).toBe(404);
    expect((await get('/api/users/', 'staff')).body.map((user: { id: number }) => user.id)).not.toContain(pseudo.id);
    await ctx.db.prisma.user.delete({ where: { id: pseudo.id } });
  });

  it('redirects without the trailing slash', async () => {
    const response = await request(app).get(`/api/users/${charles.id}`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(`/api/users/${charles.id}/`);
  });
});

describe('GET /api/users/', () => {
  it('lists every user ordered by id, inactive ones included', async () => {
    const inactive = await createUser(ctx.db.prisma, { isActive: false });
    const response = await get('/api/users/', 'student');
    const ids = response.body.map((user: { id: number }) => user.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect(ids).toContain(inactive.id);
    expect(ids).toContain(actors.superuser.userId);
    expect(ids.length).toBe(await ctx.db.prisma.user.count());
  });

  it('builds URLs from X-Forwarded-* behind a trusted proxy', async () => {
    const proxied = createApp({ ...ctx, config: { ...ctx.config, trustProxy: 1 } });
    const response = await request(proxied)
      .get(`/api/users/${charles.id}/`)
      .set(actors.staff.headers)
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'api.oser-cs.fr');
    expect(response.body.url).toBe(`https://api.oser-cs.fr/api/users/${charles.id}/`);
  });

  it('runs the same number of queries for 1 and 200 more users', async () => {
    const few = await countQueries(ctx, () => get('/api/users/', 'student'));
    const detail = await countQueries(ctx, () => get(`/api/users/${charles.id}/`, 'student'));
    await ctx.db.prisma.user.createMany({
      data: Array.from({ length: 200 }, (_, index) => ({ email: `bulk${index}@example.org`, password: '!x' })),
    });
    const many = await countQueries(ctx, () => get('/api/users/', 'student'));
    expect(many).toBe(few);
    expect(detail).toBeLessThanOrEqual(few);
  });
});

describe('unsupported methods (401 anonymous, else 405, never 500)', () => {
  it.each(['post', 'put', 'patch', 'delete'] as const)('%s', async (method) => {
    for (const path of ['/api/users/', `/api/users/${charles.id}/`]) {
      expect((await request(app)[method](path).send({ email: 'x@example.org' })).status).toBe(401);
      const response = await request(app)[method](path).set(actors.staff.headers).send({ email: 'x@example.org' });
      expect(response.status).toBe(405);
      expect(response.headers.allow).toContain('GET');
    }
    expect(await ctx.db.prisma.user.count({ where: { email: 'x@example.org' } })).toBe(0);
  });
});
