import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { connectDatabase } from './db.ts';
import { createTestContext, type TestContext } from '../test/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());

describe('GET /healthz', () => {
  it('answers 200 when the database answers', async () => {
    const response = await request(createApp(ctx)).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', database: 'ok' });
  });

  it('answers 503 when the database is unreachable', async () => {
    // A pool pointed at a port where nothing listens.
    const unreachable = connectDatabase('postgresql://postgres@127.0.0.1:9/nothing', { poolSize: 1 });
    try {
      const response = await request(createApp({ ...ctx, db: unreachable })).get('/healthz');
      expect(response.status).toBe(503);
      expect(response.body).toEqual({ status: 'unavailable', database: 'unreachable' });
    } finally {
      await unreachable.close();
    }
  });
});

describe('unknown routes and errors', () => {
  it('answers 404 in the DRF shape, under /api and elsewhere', async () => {
    const app = createApp(ctx);
    for (const path of ['/api/nothing-here/', '/nothing-here']) {
      const response = await request(app).get(path);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ detail: 'Pas trouvé.' });
    }
  });

  it('answers 400, not 500, to invalid JSON, without leaking a stack trace', async () => {
    const response = await request(createApp(ctx))
      .post('/api/auth/get-token/')
      .set('Content-Type', 'application/json')
      .send('{"username": ');
    expect(response.status).toBe(400);
    expect(Object.keys(response.body)).toEqual(['detail']);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('sets X-Frame-Options: DENY on API responses (SPEC 3.1)', async () => {
    const response = await request(createApp(ctx)).get('/api/');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});
