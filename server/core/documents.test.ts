import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { ACTOR_NAMES, countQueries, createActors, type TestActor } from '../test/actors.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<(typeof ACTOR_NAMES)[number], TestActor>;

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  await ctx.db.prisma.document.createMany({
    data: [
      { title: 'Mentions légales', slug: 'mentions-legales', content: 'Texte' },
      {
        title: 'Charte du tutorat',
        slug: 'charte-du-tutorat',
        content: 'Intro ![logo](/media/markdownx/abc.png) ![ext](https://example.org/x.png) [pdf](/media/docs/a.pdf) ![rel](img.png)',
      },
    ],
  });
});
afterAll(() => ctx.database.destroy());

describe('GET /api/documents/', () => {
  it.each(ACTOR_NAMES)('answers 200 to %s', async (name) => {
    const response = await request(app).get('/api/documents/').set(actors[name].headers);
    expect(response.status).toBe(200);
  });

  it('lists documents by title, images absolutised, links untouched', async () => {
    const response = await request(app).get('/api/documents/').set('Host', 'localhost:8000');
    expect(response.body).toEqual([
      {
        title: 'Charte du tutorat',
        slug: 'charte-du-tutorat',
        content:
          'Intro ![logo](http://localhost:8000/media/markdownx/abc.png) ![ext](https://example.org/x.png) [pdf](/media/docs/a.pdf) ![rel](http://localhost:8000/img.png)',
        url: 'http://localhost:8000/api/documents/charte-du-tutorat/',
      },
      {
        title: 'Mentions légales',
        slug: 'mentions-legales',
        content: 'Texte',
        url: 'http://localhost:8000/api/documents/mentions-legales/',
      },
    ]);
  });

  it('builds URLs from the forwarded host and protocol behind a trusted proxy', async () => {
    const proxied = createApp({ ...ctx, config: { ...ctx.config, trustProxy: 1 } });
    const response = await request(proxied)
      .get('/api/documents/mentions-legales/')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'api.oser-cs.fr');
    expect(response.body.url).toBe('https://api.oser-cs.fr/api/documents/mentions-legales/');
  });

  it('runs a constant number of queries whatever the number of documents', async () => {
    const few = await countQueries(ctx, () => request(app).get('/api/documents/'));
    await ctx.db.prisma.document.createMany({
      data: Array.from({ length: 50 }, (_, index) => ({ title: `Doc ${index}`, slug: `doc-${index}`, content: '' })),
    });
    const many = await countQueries(ctx, () => request(app).get('/api/documents/'));
    expect(many).toBe(few);
  });
});

describe('GET /api/documents/{slug}/', () => {
  it('answers the document, 404 for an unknown slug', async () => {
    expect((await request(app).get('/api/documents/mentions-legales/')).body.title).toBe('Mentions légales');
    const missing = await request(app).get('/api/documents/nope/');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Pas trouvé.' });
  });

  it('redirects GET without the trailing slash', async () => {
    const response = await request(app).get('/api/documents/mentions-legales');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/api/documents/mentions-legales/');
  });

  it.each(['post', 'put', 'patch', 'delete'] as const)('answers 405 with Allow to %s', async (method) => {
    const response = await request(app)[method]('/api/documents/mentions-legales/').set(actors.staff.headers);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toContain('GET');
    expect(response.body.detail).toMatch(/non autorisée/);
  });

  it('answers 401 to an invalid token even on a public route', async () => {
    const response = await request(app).get('/api/documents/').set('Authorization', 'Token not-a-token');
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Token');
    expect(response.body).toEqual({ detail: 'Token non valide.' });
  });
});
