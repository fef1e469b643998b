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

describe('GET /readyz', () => {
  it('answers 200 when the database answers and every migration is applied', async () => {
    const response = await request(createApp(ctx)).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({ status: 'ready', database: 'ok', migrations: 'applied' });
  });

  it('answers 503 while a migration is pending or failed', async () => {
    const app = createApp(ctx);
    const [last] = (
      await ctx.db.pool.query('SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1')
    ).rows;
    try {
      await ctx.db.pool.query('UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = $1', [last.migration_name]);
      expect((await request(app).get('/readyz')).body).toEqual({ status: 'unavailable', database: 'ok', migrations: 'failed' });
      await ctx.db.pool.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [last.migration_name]);
      const pending = await request(app).get('/readyz');
      expect(pending.status).toBe(503);
      expect(pending.body).toEqual({ status: 'unavailable', database: 'ok', migrations: 'pending' });
    } finally {
      await ctx.db.pool.query('UPDATE _prisma_migrations SET finished_at = $2, rolled_back_at = NULL WHERE migration_name = $1', [
        last.migration_name,
        last.finished_at,
      ]);
    }
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('answers 503 when the database is unreachable', async () => {
    const unreachable = connectDatabase('postgresql://postgres@127.0.0.1:9/nothing', { poolSize: 1 });
    try {
      const response = await request(createApp({ ...ctx, db: unreachable })).get('/readyz');
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

  it('sets X-Frame-Options: DENY on API responses', async () => {
    const response = await request(createApp(ctx)).get('/api/');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });
});
