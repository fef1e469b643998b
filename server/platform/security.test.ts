// Transport and input hardening of the whole server (issue 10): HTTPS only in production,
// NUL bytes refused wherever a string would reach PostgreSQL.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.database.destroy());

function productionApp(trustProxy: string) {
  const config = testConfig({
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://oser@db.example.org/oser',
    VISITS_TEAM_EMAIL: 'sorties@oser-cs.fr',
    ALLOWED_HOSTS: 'api.oser-cs.fr',
    TRUST_PROXY: trustProxy,
    LOG_LEVEL: 'silent',
    MAILS_ENABLED: 'false',
  });
  return createApp({ ...ctx, config });
}

describe('HTTPS in production (issue 10 item 10)', () => {
  const behindHeroku = () => productionApp('1');

  it('redirects a plain-HTTP GET or HEAD to the same URL over HTTPS', async () => {
    for (const method of ['get', 'head'] as const) {
      const response = await request(behindHeroku())[method]('/api/visits/?page=2').set('Host', 'api.oser-cs.fr').set('X-Forwarded-Proto', 'http');
      expect(response.status).toBe(301);
      expect(response.headers.location).toBe('https://api.oser-cs.fr/api/visits/?page=2');
    }
  });

  it('refuses other plain-HTTP methods instead of redirecting them (their body already went in clear)', async () => {
    const response = await request(behindHeroku())
      .post('/api/auth/get-token/')
      .set('Host', 'api.oser-cs.fr')
      .set('X-Forwarded-Proto', 'http')
      .send({ username: 'someone@example.org', password: 'secret-secret' });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({ detail: 'HTTPS requis.' });
  });

  it('serves HTTPS requests with HSTS, on the API and elsewhere', async () => {
    const app = behindHeroku();
    for (const path of ['/api/', '/media/nothing.png']) {
      const response = await request(app).get(path).set('Host', 'api.oser-cs.fr').set('X-Forwarded-Proto', 'https');
      expect(response.status, path).not.toBe(301);
      expect(response.headers['strict-transport-security'], path).toBe('max-age=31536000; includeSubDomains');
    }
  });

  it('does not believe X-Forwarded-Proto from a client when no proxy is trusted', async () => {
    const response = await request(productionApp('0')).get('/api/').set('Host', 'api.oser-cs.fr').set('X-Forwarded-Proto', 'https');
    expect(response.status).toBe(301);
  });

  it('keeps the health check reachable over plain HTTP (the platform probes the process directly)', async () => {
    expect((await request(behindHeroku()).get('/healthz').set('Host', 'api.oser-cs.fr')).status).toBe(200);
  });

  it('stays on plain HTTP outside production', async () => {
    expect((await request(createApp(ctx)).get('/api/').set('X-Forwarded-Proto', 'http')).status).toBe(200);
  });
});
