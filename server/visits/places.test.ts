import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { ACTOR_NAMES, countQueries, createActors, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { createPlace } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let placeId: number;

const HOST = 'localhost:8000';
const BASE = `http://${HOST}`;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  placeId = (
    await createPlace(ctx.db.prisma, { name: 'Palais de la Découverte', description: 'Un musée ![plan](/media/markdownx/plan.png)' })
  ).id;
});
afterAll(() => ctx.database.destroy());

describe('GET /api/places/', () => {
  it.each(ACTOR_NAMES)('answers 200 to %s', async (name) => {
    expect((await request(app).get('/api/places/').set(actors[name].headers)).status).toBe(200);
    expect((await request(app).get(`/api/places/${placeId}/`).set(actors[name].headers)).status).toBe(200);
  });

  it('lists places by name, descriptions absolutised, address null when absent', async () => {
    await createPlace(ctx.db.prisma, {
      name: 'Aaa sans adresse',
      withAddress: false,
      description: '![a](https://ext.org/a.png) [lien](/media/doc.pdf)',
    });
    const response = await request(app).get('/api/places/').set('Host', HOST);
    const names = response.body.map((place: { name: string }) => place.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(response.body[0]).toEqual({
      id: expect.any(Number),
      name: 'Aaa sans adresse',
      address: null,
      description: '![a](https://ext.org/a.png) [lien](/media/doc.pdf)',
    });
    const detail = await request(app).get(`/api/places/${placeId}/`).set('Host', HOST);
    expect(detail.body).toEqual({
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
    });
  });

  it('answers 404 to an unknown or malformed id', async () => {
    expect((await request(app).get('/api/places/999999/')).status).toBe(404);
    expect((await request(app).get('/api/places/nope/')).status).toBe(404);
  });

  it('runs a constant number of queries whatever the number of places', async () => {
    const few = await countQueries(ctx, () => request(app).get('/api/places/'));
    const addresses = await ctx.db.prisma.address.createManyAndReturn({
      data: Array.from({ length: 200 }, () => ({ line1: '1 rue', postCode: '75001', city: 'Paris' })),
      select: { id: true },
    });
    await ctx.db.prisma.place.createMany({
      data: addresses.map((address, index) => ({ name: `Lieu en masse ${index}`, addressId: address.id })),
    });
    const many = await countQueries(ctx, () => request(app).get('/api/places/'));
    expect(many).toBe(few);
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('answers %s with 405, even anonymous', async (method) => {
    expect((await request(app)[method]('/api/places/')).status).toBe(405);
    expect((await request(app)[method](`/api/places/${placeId}/`).set(actors.staff.headers)).status).toBe(405);
  });
});
