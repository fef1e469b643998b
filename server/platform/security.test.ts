// Transport and input hardening of the whole server (issue 10): HTTPS only in production,
// text PostgreSQL cannot store (NUL, lone surrogates, invalid UTF-8) and bodies nested too deep
// refused wherever they would reach PostgreSQL or a recursive walk.
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { errorHandler } from './errors.ts';
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
      const client = request(behindHeroku());
      const response = await client[method]('/api/visits/?page=2').set('Host', 'api.oser-cs.fr').set('X-Forwarded-Proto', 'http');
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

describe('NUL characters (issue 10 item 9): 400 or 404 in DRF shape, never a 500', () => {
  const nul = 'Les caractères nuls ne sont pas autorisés.';
  const app = () => createApp(ctx);

  it('refuses a NUL in a login body, JSON or form-encoded', async () => {
    const json = await request(app()).post('/api/auth/get-token/').send({ username: 'a\u0000b@example.org', password: 'secret-secret' });
    expect(json.status).toBe(400);
    expect(json.body).toEqual({ username: [nul] });
    const form = await request(app()).post('/api/auth/get-token/').type('form').send('username=a%00b&password=x');
    expect(form.status).toBe(400);
    expect(form.body).toEqual({ username: [nul] });
  });

  it('names the nested field of a sign-up body', async () => {
    const response = await request(app())
      .post('/api/registrations/')
      .send({ email: 'eleve@example.org', address: { line1: '1 rue\u0000' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ address: { line1: [nul] } });
  });

  it('reads no GET body, as DRF does: an unparsable one or one with a NUL is ignored', async () => {
    for (const body of ['{"unfinished', '{"name":"a\\u0000b"}']) {
      const response = await request(app()).get('/api/schools/choices/').set('Content-Type', 'application/json').send(body);
      expect(response.status, body).toBe(200);
    }
    // A body that must be read still is.
    const post = await request(app()).post('/api/auth/get-token/').set('Content-Type', 'application/json').send('{"unfinished');
    expect(post.status).toBe(400);
  });

  it('answers 404 to a NUL in a path and 400 to one in a query string', async () => {
    for (const method of ['get', 'head'] as const) {
      const response = await request(app())[method]('/api/documents/%00/');
      expect(response.status, method).toBe(404);
    }
    expect((await request(app()).get('/api/documents/%00/')).body).toEqual({ detail: 'Pas trouvé.' });
    const query = await request(app()).get('/api/schools/?search=a%00');
    expect(query.status).toBe(400);
    expect(query.body).toEqual({ search: [nul] });
  });

  it('turns a NUL that still reaches PostgreSQL into a 400, not a 500 (backstop)', async () => {
    const probe = express();
    probe.get('/', async () => ctx.db.prisma.$queryRaw`SELECT ${'a\u0000b'}::text`);
    probe.use(errorHandler(ctx.logger));
    const response = await request(probe).get('/');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: nul });
  });
});

describe('text that cannot be stored, and bodies nested too deep: 400 in DRF shape, never a 500', () => {
  const app = () => createApp(ctx);

  it('refuses a lone UTF-16 surrogate, as DRF CharField does, in a field, a nested field or a key', async () => {
    const login = await request(app())
      .post('/api/auth/get-token/')
      .set('Content-Type', 'application/json')
      .send('{"username":"\\ud800","password":"x"}');
    expect(login.status).toBe(400);
    expect(login.body).toEqual({ username: ['Les caractères de substitution ne sont pas autorisés : U+D800.'] });
    const nested = await request(app())
      .post('/api/registrations/')
      .set('Content-Type', 'application/json')
      .send('{"email":"eleve@example.org","address":{"line1":"1 rue \\udc00"},"\\ud83d":1}');
    expect(nested.status).toBe(400);
    expect(nested.body).toEqual({
      address: { line1: ['Les caractères de substitution ne sont pas autorisés : U+DC00.'] },
      non_field_errors: ['Les caractères de substitution ne sont pas autorisés : U+D83D.'],
    });
    // A surrogate pair is one character (an emoji): kept.
    const pair = await request(app()).post('/api/auth/get-token/').send({ username: 'é😀@example.org', password: 'secret-secret' });
    expect(pair.status).toBe(400);
    expect(pair.body).toEqual({ non_field_errors: ["Impossible de se connecter avec les informations d'identification fournies."] });
  });

  it('refuses a JSON body that is not UTF-8 instead of storing U+FFFD in its place', async () => {
    const before = await ctx.db.prisma.user.count();
    const body = Buffer.concat([
      Buffer.from('{"email":"u1@example.org","password":"Zq8!vLm#2pWx","first_name":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('","last_name":"B"}'),
    ]);
    // Raw bytes: supertest would serialise a Buffer as JSON.
    const server = createApp(ctx).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const answer = await fetch(`http://127.0.0.1:${port}/api/registrations/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).finally(() => server.close());
    const response = { status: answer.status, body: await answer.json() };
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ detail: "JSON parse error - Le corps de la requête n'est pas de l'UTF-8 valide." });
    expect(await ctx.db.prisma.user.count()).toBe(before);
  });

  it('refuses a body nested deeper than 32 levels, before login', async () => {
    for (const path of ['/api/auth/get-token/', '/api/registrations/', '/api/participations/']) {
      const deep = `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
      const response = await request(app()).post(path).set('Content-Type', 'application/json').send(deep);
      expect(response.status, path).toBe(400);
      expect(response.body, path).toEqual({ detail: "JSON parse error - Plus de 32 niveaux d'imbrication." });
    }
    const shallow = `{"username":"a@example.org","password":"x","extra":${'['.repeat(30)}${']'.repeat(30)}}`;
    expect((await request(app()).post('/api/auth/get-token/').set('Content-Type', 'application/json').send(shallow)).status).toBe(400);
    expect((await request(app()).post('/api/auth/get-token/').set('Content-Type', 'application/json').send(shallow)).body).toHaveProperty(
      'non_field_errors',
    );
  });
});

describe("bodies no parser reads, and multipart bodies (DRF's parsers)", () => {
  const app = () => createApp(ctx);
  const wrongCredentials = { non_field_errors: ["Impossible de se connecter avec les informations d'identification fournies."] };

  it('answers 415 to a body of a type the API does not read, instead of losing its fields', async () => {
    for (const type of ['text/plain', 'application/xml']) {
      const response = await request(app())
        .post('/api/auth/get-token/')
        .set('Content-Type', type)
        .send('{"username":"a@example.org","password":"x"}');
      expect(response.status, type).toBe(415);
      expect(response.body, type).toEqual({ detail: `Type de média « ${type} » non supporté.` });
    }
    // No body at all is not a media type problem: the fields are missing.
    const empty = await request(app()).post('/api/auth/get-token/');
    expect(empty.status).toBe(400);
  });

  it("reads a multipart body's fields as DRF does, with its files, and refuses an unreadable one", async () => {
    const fields = await request(app())
      .post('/api/auth/get-token/')
      .field('username', 'a@example.org')
      .field('password', 'not-the-password');
    expect(fields.status).toBe(400);
    expect(fields.body).toEqual(wrongCredentials);
    // A file where a text is declared is refused as DRF's CharField refuses it; elsewhere, ignored.
    const file = await request(app())
      .post('/api/auth/get-token/')
      .field('username', 'a@example.org')
      .attach('password', Buffer.from('secret'), 'password.txt');
    expect(file.status).toBe(400);
    expect(file.body).toEqual({ password: ['Type de donnée incorrect. Une chaîne de caractères est attendue.'] });
    const ignored = await request(app())
      .post('/api/auth/get-token/')
      .field('username', 'a@example.org')
      .field('password', 'not-the-password')
      .attach('avatar', Buffer.from('\x89PNG'), 'avatar.png');
    expect(ignored.body).toEqual(wrongCredentials);
    const broken = await request(app())
      .post('/api/auth/get-token/')
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="username"\r\n\r\na@example.org');
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ detail: 'Corps multipart illisible.' });
    const nul = await request(app()).post('/api/auth/get-token/').field('username', 'a\u0000b').field('password', 'x');
    expect(nul.body).toEqual({ username: ['Les caractères nuls ne sont pas autorisés.'] });
  });
});
