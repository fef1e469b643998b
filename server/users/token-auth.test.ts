// Token authentication (docs/api.md#conventions; docs/decisions.md#security-fixes, S10) and login throttling (S11).
import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTokenVerifier } from '../platform/auth.ts';
import { hashPassword } from './passwords.ts';
import { TEST_PASSWORD, createUser } from '../test/actors.ts';
import { expectWait, postGetToken, useLoginSuite } from '../test/login-suite.ts';

const suite = useLoginSuite();
const getToken = (body: object | string, target = suite.app) => postGetToken(target, body);

describe('token authentication', () => {
  const login = async (email: string, password = TEST_PASSWORD) => (await getToken({ username: email, password })).body.token as string;
  const usersWith = (authorization: string) => request(suite.app).get('/api/users/').set('Authorization', authorization);

  it.each(['Token', 'token', 'Bearer', 'bearer', 'TOKEN'])('accepts the %s keyword', async (keyword) => {
    const token = await login('charles.dumont@example.net');
    expect((await usersWith(`${keyword} ${token}`)).status).toBe(200);
  });

  it.each([
    ['Token', "En-tête « token » non valide. Informations d'identification non fournies."],
    ['Token a b', "En-tête « token » non valide. Un token ne doit pas contenir d'espaces."],
    ['Token abc', 'Token non valide.'],
    ['Token 0123456789abcdef0123456789abcdef01234567', 'Token non valide.'],
  ])('answers 401 to "%s"', async (header, detail) => {
    const response = await usersWith(header);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Token');
    expect(response.body).toEqual({ detail });
  });

  it('ignores other schemes: the request is anonymous', async () => {
    const response = await usersWith('Basic dXNlcjpwYXNz');
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: "Informations d'authentification non fournies." });
  });

  it('refuses a token signed with another key', async () => {
    const forged = jwt.sign({ pwd: 'x' }, 'another-secret-key-of-at-least-32-chars', { subject: String(suite.user.id) });
    expect((await usersWith(`Token ${forged}`)).status).toBe(401);
  });

  it('stops accepting the token of a deactivated user', async () => {
    const other = await createUser(suite.ctx.db.prisma);
    const token = await login(other.email);
    expect((await usersWith(`Token ${token}`)).status).toBe(200);
    await suite.ctx.db.prisma.user.update({ where: { id: other.id }, data: { isActive: false } });
    const response = await usersWith(`Token ${token}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Utilisateur inactif ou supprimé.' });
  });

  it('stops accepting the token after a password change', async () => {
    const other = await createUser(suite.ctx.db.prisma);
    const token = await login(other.email);
    await suite.ctx.db.prisma.user.update({ where: { id: other.id }, data: { password: await hashPassword('another-password-1') } });
    const response = await usersWith(`Token ${token}`);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ detail: 'Token non valide.' });
    expect((await usersWith(`Token ${await login(other.email, 'another-password-1')}`)).status).toBe(200);
  });

  it('refuses an expired token, also one it accepted before (its verdict is remembered)', async () => {
    const shortLived = createApp({ ...suite.ctx, config: { ...suite.ctx.config, jwtExpiresIn: 2 } });
    const token = (await getToken({ username: 'charles.dumont@example.net', password: TEST_PASSWORD }, shortLived)).body.token;
    expect((await usersWith(`Token ${token}`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect((await usersWith(`Token ${token}`)).status).toBe(401);
  });
});

describe('remembered token verdicts', () => {
  const key = crypto.createSecretKey(Buffer.from('a-secret-key-of-at-least-32-characters'));
  const sign = (subject: string, signingKey = key) => jwt.sign({ pwd: 'p' }, signingKey, { subject, expiresIn: 60 });

  it('keeps at most its bound of tokens, and refuses a forged sibling of a remembered token', () => {
    const verifier = createTokenVerifier(3);
    for (const subject of ['1', '2', '3', '4', '5']) expect(verifier.claims(sign(subject), key).sub).toBe(subject);
    expect(verifier.size(key)).toBe(3);
    const genuine = sign('7');
    verifier.claims(genuine, key);
    const [header, payload] = genuine.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), sub: '1' })).toString(
      'base64url',
    );
    expect(() => verifier.claims(`${header}.${forgedPayload}.${genuine.split('.')[2]}`, key)).toThrow();
  });

  it("does not take a token remembered under one key for another key's", () => {
    const verifier = createTokenVerifier(10);
    const token = sign('9');
    expect(verifier.claims(token, key).sub).toBe('9');
    const otherKey = crypto.createSecretKey(Buffer.from('another-secret-key-of-at-least-32-chars'));
    expect(() => verifier.claims(token, otherKey)).toThrow();
  });
});

describe('login throttling (issue 10 items 3 and 4)', () => {
  const owner = 'charles.dumont@example.net';
  type Limits = Partial<{
    failuresPerIp: number;
    failuresPerAccount: number;
    failuresPerClient: number;
    retryDelaySeconds: number;
    windowSeconds: number;
  }>;
  const throttledApp = (limits: Limits = {}, trustProxy = 0) =>
    createApp({
      ...suite.ctx,
      config: {
        ...suite.ctx.config,
        trustProxy,
        loginThrottle: {
          failuresPerIp: 100,
          failuresPerAccount: 100,
          failuresPerClient: 100,
          retryDelaySeconds: 30,
          windowSeconds: 900,
          ...limits,
        },
      },
    });
  /** A login through a proxy that reports the client's address (TRUST_PROXY=1). */
  const from = (target: ReturnType<typeof createApp>, address: string, username: string, password: string, forwardedFor?: string) =>
    request(target)
      .post('/api/auth/get-token/')
      .set('X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${address}` : address)
      .send({ username, password });

  beforeEach(() => suite.ctx.db.query('DELETE FROM oser_rate_limit'));

  it('answers 429 after too many failures from one address, whatever the account', async () => {
    const target = throttledApp({ failuresPerIp: 4 });
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await getToken({ username: `nobody${attempt}@example.net`, password: 'wrong' }, target)).status).toBe(400);
    }
    const blocked = await getToken({ username: owner, password: TEST_PASSWORD }, target);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(blocked.body.detail).toMatch(/^Requête ralentie/);
    expect(blocked.body.token).toBeUndefined();
  });

  it('does not let a client escape the address limit by rotating X-Forwarded-For', async () => {
    // Direct (TRUST_PROXY=0): the header is ignored.
    const direct = throttledApp({ failuresPerIp: 3 });
    const rotate = (target: ReturnType<typeof createApp>, index: number, address?: string) =>
      address
        ? from(target, address, `nobody${index}@example.net`, 'wrong', `10.0.0.${index}`)
        : request(target)
            .post('/api/auth/get-token/')
            .set('X-Forwarded-For', `10.0.0.${index}`)
            .send({ username: `nobody${index}@example.net`, password: 'wrong' });
    for (let index = 0; index < 3; index += 1) expect((await rotate(direct, index)).status).toBe(400);
    expect((await rotate(direct, 3)).status).toBe(429);
    // Behind one proxy (TRUST_PROXY=1): only the address the proxy saw counts, not what the client wrote before it.
    await suite.ctx.db.query('DELETE FROM oser_rate_limit');
    const proxied = throttledApp({ failuresPerIp: 3 }, 1);
    for (let index = 0; index < 3; index += 1) expect((await rotate(proxied, index, '203.0.113.9')).status).toBe(400);
    expect((await rotate(proxied, 3, '203.0.113.9')).status).toBe(429);
    expect((await rotate(proxied, 4, '203.0.113.10')).status).toBe(400);
  });

  it("does not lock the owner out: a stranger's failures delay the stranger, the owner logs in from another client", async () => {
    const target = throttledApp({ failuresPerClient: 5 }, 1);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await from(target, '203.0.113.66', owner, 'guess')).status).toBe(400);
    const stranger = await from(target, '203.0.113.66', owner, TEST_PASSWORD);
    expect(stranger.status).toBe(429);
    expectWait(stranger, 30);
    const ownerLogin = await from(target, '198.51.100.7', owner, TEST_PASSWORD);
    expect(ownerLogin.status).toBe(200);
    expect(ownerLogin.body.token).toBeDefined();
  });

  it('doubles the wait after each further failure from the same client', async () => {
    const target = throttledApp({ failuresPerClient: 2, retryDelaySeconds: 30 }, 1);
    const attempt = () => from(target, '203.0.113.66', owner, 'guess');
    expect((await attempt()).status).toBe(400);
    expect((await attempt()).status).toBe(400);
    expectWait(await attempt(), 30);
    await suite.ctx.db.query(
      `UPDATE oser_rate_limit SET blocked_until = now() WHERE blocked_until IS NOT NULL AND key LIKE 'login-client:%'`,
    );
    expect((await attempt()).status).toBe(400);
    expectWait(await attempt(), 60);
  });

  it('stops everyone at the per-account ceiling, reached from many addresses', async () => {
    const target = throttledApp({ failuresPerClient: 5, failuresPerAccount: 6 }, 1);
    for (let attempt = 0; attempt < 6; attempt += 1) expect((await from(target, `203.0.113.${attempt}`, owner, 'guess')).status).toBe(400);
    const blocked = await from(target, '198.51.100.7', owner, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    // Other accounts are not affected.
    const other = await createUser(suite.ctx.db.prisma);
    expect((await from(target, '198.51.100.7', other.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('counts parallel failed attempts before checking passwords (no burst past the limit)', async () => {
    const target = throttledApp({ failuresPerClient: 3 });
    const responses = await Promise.all(Array.from({ length: 10 }, () => getToken({ username: owner, password: 'wrong' }, target)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 400)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('keeps the counters in the database: another instance (or a restart) sees them', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await getToken({ username: owner, password: 'wrong' }, throttledApp({ failuresPerClient: 3 }))).status).toBe(400);
    }
    expect((await getToken({ username: owner, password: TEST_PASSWORD }, throttledApp({ failuresPerClient: 3 }))).status).toBe(429);
  });

  it("does not count successful logins, and a success clears the client's failures", async () => {
    const target = throttledApp({ failuresPerClient: 2, failuresPerIp: 3 });
    const attempt = (password: string) => getToken({ username: owner, password }, target);
    for (let index = 0; index < 5; index += 1) expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt(TEST_PASSWORD)).status).toBe(429);
  });
});
