import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { ACTOR_NAMES, countQueries, createActors, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { createSchools, signUpBody as signUp } from '../test/register-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;

beforeAll(async () => {
  ctx = await createTestContext({ REGISTRATIONS_PER_IP: '0' });
  app = createApp(ctx);
  actors = await createActors(ctx);
  await createSchools(ctx.db.prisma);
  for (const school of ['0930965U', null, '0921399n']) {
    expect((await request(app).post('/api/registrations/').send(signUp({ school }))).status).toBe(201);
  }
});
afterAll(() => ctx.database.destroy());

describe('GET /api/registrations/ (staff only, docs/decisions.md S1)', () => {
  const expected: Record<ActorName, number> = { anonymous: 401, student: 403, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 };
  it.each(ACTOR_NAMES)('answers %s as expected', async (name) => {
    const response = await request(app).get('/api/registrations/').set(actors[name].headers);
    expect(response.status).toBe(expected[name]);
    if (name === 'anonymous') expect(response.headers['www-authenticate']).toBe('Token');
  });

  it('lists registrations newest first, in the create shape', async () => {
    const response = await request(app).get('/api/registrations/').set(actors.staff.headers);
    const submitted = response.body.map((item: { submitted: string }) => Date.parse(item.submitted));
    expect(submitted).toEqual([...submitted].sort((a, b) => b - a));
    expect(Object.keys(response.body[0]).sort()).toEqual([
      'address',
      'date_of_birth',
      'email',
      'emergency_contact',
      'first_name',
      'grade',
      'id',
      'last_name',
      'phone',
      'school',
      'submitted',
    ]);
  });

  it('runs a constant number of queries', async () => {
    const few = await countQueries(ctx, () => request(app).get('/api/registrations/').set(actors.staff.headers));
    const { prisma } = ctx.db;
    const addresses = await prisma.address.createManyAndReturn({
      data: Array.from({ length: 200 }, () => ({ line1: '1 rue', postCode: '75001', city: 'Paris' })),
      select: { id: true },
    });
    const contacts = await prisma.emergencyContact.createManyAndReturn({
      data: addresses.map(() => ({ firstName: 'A', lastName: 'B' })),
      select: { id: true },
    });
    await prisma.registration.createMany({
      data: addresses.map((address, index) => ({
        firstName: 'X',
        lastName: 'Y',
        email: `bulk${index}@example.org`,
        addressId: address.id,
        emergencyContactId: contacts[index]!.id,
      })),
    });
    const many = await countQueries(ctx, () => request(app).get('/api/registrations/').set(actors.staff.headers));
    expect(many).toBe(few);
  });

  it.each(['put', 'patch', 'delete'] as const)('answers %s with 405, never 500', async (method) => {
    expect((await request(app)[method]('/api/registrations/')).status).toBe(405);
    expect((await request(app)[method]('/api/registrations/').set(actors.staff.headers)).status).toBe(405);
  });

  it('has no detail route', async () => {
    expect((await request(app).get('/api/registrations/1/').set(actors.staff.headers)).status).toBe(404);
  });
});
