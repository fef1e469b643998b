// POST /api/auth/get-token/ (docs/api.md#authentication): bodies, credentials, legacy hashes, malformed input.
import argon2 from 'argon2';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { TEST_PASSWORD, createUser } from '../test/actors.ts';
import { postGetToken, useLoginSuite } from '../test/login-suite.ts';

// From shared/fixtures/original-oser.sql: user 7, Django 2.0's 100000 iterations.
const LEGACY_HASH = 'pbkdf2_sha256$100000$seedtutor0004000000000$Qpo7inQacb5aL74QEJZL3cepQh8T418/7rDGfLkOJXo=';
const LEGACY_PASSWORD = 'tutor-legacy-5678';
const INVALID = "Impossible de se connecter avec les informations d'identification fournies.";
const USER_KEYS = ['date_of_birth', 'email', 'first_name', 'gender', 'id', 'last_name', 'phone_number', 'profile_type', 'url'];

const suite = useLoginSuite();
const getToken = (body: object | string, target = suite.app) => postGetToken(target, body);

describe('POST /api/auth/get-token/', () => {
  it('answers a token and the user, JSON body ', async () => {
    const response = await getToken({ username: 'charles.dumont@example.net', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual(['token', 'user']);
    expect(response.body.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(response.body.user).toEqual({
      id: suite.user.id,
      email: 'charles.dumont@example.net',
      profile_type: null,
      first_name: 'Charles',
      last_name: 'Dumont',
      gender: null,
      phone_number: '0612345678',
      date_of_birth: '2002-03-04',
      url: `http://localhost:8000/api/users/${suite.user.id}/`,
    });
  });

  it('accepts a form-encoded body (the original test_auth)', async () => {
    const response = await request(suite.app)
      .post('/api/auth/get-token/')
      .type('form')
      .send({ username: 'charles.dumont@example.net', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.user).sort()).toEqual(USER_KEYS);
    const users = await request(suite.app).get('/api/users/').set('Authorization', `Token ${response.body.token}`);
    expect(users.status).toBe(200);
  });

  it('answers POST without the trailing slash too (never a lost body)', async () => {
    const response = await request(suite.app)
      .post('/api/auth/get-token')
      .send({ username: 'charles.dumont@example.net', password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(suite.user.id);
  });

  it('matches the email case-insensitively and ignores extra fields', async () => {
    const response = await getToken({ username: '  Charles.DUMONT@Example.NET ', password: TEST_PASSWORD, remember: true });
    expect(response.status).toBe(200);
    expect(response.body.user.id).toBe(suite.user.id);
  });

  it.each([
    ['a wrong password', { username: 'charles.dumont@example.net', password: 'nope-nope' }],
    ['an unknown email', { username: 'personne@example.net', password: TEST_PASSWORD }],
    ['a password with extra spaces (not trimmed)', { username: 'charles.dumont@example.net', password: ` ${TEST_PASSWORD}` }],
  ])('refuses %s with 400 non_field_errors', async (_label, body) => {
    const response = await getToken(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: [INVALID] });
  });

  it('refuses an inactive user with the same message', async () => {
    const inactive = await createUser(suite.ctx.db.prisma, { isActive: false });
    const response = await getToken({ username: inactive.email, password: TEST_PASSWORD });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ non_field_errors: [INVALID] });
  });

  it('refuses an unusable password hash (Django "!")', async () => {
    const unusable = await createUser(suite.ctx.db.prisma);
    await suite.ctx.db.prisma.user.update({ where: { id: unusable.id }, data: { password: '!xyz' } });
    expect((await getToken({ username: unusable.email, password: '!xyz' })).status).toBe(400);
  });

  // Issue 10 item 13: an unusable hash answered at once, unlike every other refusal, telling
  // which accounts exist. Counted, not timed: each refusal runs one argon2 verification.
  it('runs one argon2 verification for every refusal, unusable hashes included', async () => {
    const unusable = await createUser(suite.ctx.db.prisma);
    await suite.ctx.db.prisma.user.update({ where: { id: unusable.id }, data: { password: '!unusable' } });
    const verify = vi.spyOn(argon2, 'verify');
    try {
      for (const username of [unusable.email, 'personne@example.net', 'charles.dumont@example.net']) {
        verify.mockClear();
        expect((await getToken({ username, password: 'not-the-password' })).status).toBe(400);
        expect(verify, username).toHaveBeenCalledTimes(1);
      }
    } finally {
      verify.mockRestore();
    }
  });

  it('answers per-field errors for missing and blank fields', async () => {
    expect((await getToken({})).body).toEqual({ username: ['Ce champ est obligatoire.'], password: ['Ce champ est obligatoire.'] });
    expect((await getToken({ username: '', password: '' })).body).toEqual({
      username: ['Ce champ ne peut être vide.'],
      password: ['Ce champ ne peut être vide.'],
    });
    // docs/api.md#authentication: `email` instead of `username` is not understood.
    expect((await getToken({ email: 'charles.dumont@example.net', password: TEST_PASSWORD })).body).toEqual({
      username: ['Ce champ est obligatoire.'],
    });
  });

  it('logs in with a legacy Django hash and re-hashes it to argon2id', async () => {
    const legacy = await createUser(suite.ctx.db.prisma, { email: 'paul.durand@student.ecp.fr' });
    await suite.ctx.db.prisma.user.update({ where: { id: legacy.id }, data: { password: LEGACY_HASH } });
    expect((await getToken({ username: 'paul.durand@student.ecp.fr', password: 'wrong' })).status).toBe(400);
    expect((await suite.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: legacy.id } })).password).toBe(LEGACY_HASH);

    const response = await getToken({ username: 'paul.durand@student.ecp.fr', password: LEGACY_PASSWORD });
    expect(response.status).toBe(200);
    const stored = (await suite.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: legacy.id } })).password;
    expect(stored).toMatch(/^\$argon2id\$/);
    // The re-hash does not revoke the token just issued, and the new hash still logs in.
    expect((await request(suite.app).get('/api/users/').set('Authorization', `Token ${response.body.token}`)).status).toBe(200);
    expect((await getToken({ username: 'paul.durand@student.ecp.fr', password: LEGACY_PASSWORD })).status).toBe(200);
  });

  it('re-hashes an argon2id hash made with other parameters (the library defaults: 64 MiB, 4 lanes)', async () => {
    const older = await createUser(suite.ctx.db.prisma, { email: 'lea.martin@student.ecp.fr' });
    const heavyHash = await argon2.hash(LEGACY_PASSWORD, { type: argon2.argon2id });
    await suite.ctx.db.prisma.user.update({ where: { id: older.id }, data: { password: heavyHash } });

    expect((await getToken({ username: 'lea.martin@student.ecp.fr', password: LEGACY_PASSWORD })).status).toBe(200);
    const stored = (await suite.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: older.id } })).password;
    expect(heavyHash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=4\$/);
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await getToken({ username: 'lea.martin@student.ecp.fr', password: LEGACY_PASSWORD })).status).toBe(200);
  });

  it('does not update last_login, as the original token login', async () => {
    await getToken({ username: 'charles.dumont@example.net', password: TEST_PASSWORD });
    expect((await suite.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: suite.user.id } })).lastLogin).toBeNull();
  });

  it('answers 405 to GET and 401 to a malformed Authorization header', async () => {
    const get = await request(suite.app).get('/api/auth/get-token/');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toContain('POST');
    const bad = await request(suite.app).post('/api/auth/get-token/').set('Authorization', 'Token').send({});
    expect(bad.status).toBe(401);
  });
});

describe('malformed get-token bodies (4xx, never a token)', () => {
  const cases: [string, (r: request.Test) => request.Test][] = [
    ['empty object', (r) => r.send({})],
    ['missing password', (r) => r.send({ username: 'charles.dumont@example.net' })],
    ['missing username', (r) => r.send({ password: TEST_PASSWORD })],
    ['null username', (r) => r.send({ username: null, password: TEST_PASSWORD })],
    ['null password', (r) => r.send({ username: 'charles.dumont@example.net', password: null })],
    ['numeric username', (r) => r.send({ username: 42, password: TEST_PASSWORD })],
    ['array password', (r) => r.send({ username: 'charles.dumont@example.net', password: [TEST_PASSWORD] })],
    ['object username', (r) => r.send({ username: { $ne: '' }, password: TEST_PASSWORD })],
    ['boolean password', (r) => r.send({ username: 'charles.dumont@example.net', password: true })],
    ['blank username', (r) => r.send({ username: '   ', password: TEST_PASSWORD })],
    ['username too long', (r) => r.send({ username: `${'a'.repeat(300)}@example.net`, password: TEST_PASSWORD })],
    ['password too long', (r) => r.send({ username: 'charles.dumont@example.net', password: 'x'.repeat(5000) })],
    ['JSON array body', (r) => r.set('Content-Type', 'application/json').send('[]')],
    ['JSON string body', (r) => r.set('Content-Type', 'application/json').send('"hello"')],
    ['JSON null body', (r) => r.set('Content-Type', 'application/json').send('null')],
    ['invalid JSON', (r) => r.set('Content-Type', 'application/json').send('{"username": ')],
    ['plain text body', (r) => r.set('Content-Type', 'text/plain').send('username=x&password=y')],
    ['oversized body', (r) => r.send({ username: 'charles.dumont@example.net', password: TEST_PASSWORD, pad: 'x'.repeat(200_000) })],
    ['form with blank fields', (r) => r.type('form').send('username=&password=')],
    ['form without password', (r) => r.type('form').send('username=charles.dumont%40example.net')],
    ['SQL-looking username', (r) => r.send({ username: "' OR 1=1 --", password: TEST_PASSWORD })],
    ['wildcard username', (r) => r.send({ username: '%', password: TEST_PASSWORD })],
  ];

  it.each(cases)('%s', async (_label, send) => {
    const before = await suite.ctx.db.prisma.user.count();
    const response = await send(request(suite.app).post('/api/auth/get-token/'));
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.body.token).toBeUndefined();
    expect(await suite.ctx.db.prisma.user.count()).toBe(before);
  });
});
