// Token authentication (SPEC 3.1; SPEC 9 S10) and login throttling (S11).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { hashPassword } from './passwords.ts';
import { TEST_PASSWORD, createUser } from '../test/actors.ts';
import { postGetToken, useLoginSuite } from '../test/login-suite.ts';

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
    const { default: jwt } = await import('jsonwebtoken');
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

  it('refuses an expired token', async () => {
    const shortLived = createApp({ ...suite.ctx, config: { ...suite.ctx.config, jwtExpiresIn: 1 } });
    const token = (await getToken({ username: 'charles.dumont@example.net', password: TEST_PASSWORD }, shortLived)).body.token;
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await usersWith(`Token ${token}`)).status).toBe(401);
  });
});

describe('login throttling (SPEC 9, S11)', () => {
  const throttledApp = (failuresPerIp: number, failuresPerAccount: number, windowSeconds = 60) =>
    createApp({ ...suite.ctx, config: { ...suite.ctx.config, loginThrottle: { failuresPerIp, failuresPerAccount, windowSeconds } } });

  it('answers 429 with Retry-After after too many failures for one account, even with the right password', async () => {
    const target = throttledApp(100, 3);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await getToken({ username: 'charles.dumont@example.net', password: 'wrong' }, target)).status).toBe(400);
    }
    const blocked = await getToken({ username: 'CHARLES.dumont@example.net', password: TEST_PASSWORD }, target);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.body.detail).toMatch(/^Requête ralentie/);
    expect(blocked.body.token).toBeUndefined();
    // Another account from the same address is not affected by this account's limit.
    const other = await createUser(suite.ctx.db.prisma);
    expect((await getToken({ username: other.email, password: TEST_PASSWORD }, target)).status).toBe(200);
  });

  it('answers 429 after too many failures from one address, whatever the account', async () => {
    const target = throttledApp(4, 100);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await getToken({ username: `nobody${attempt}@example.net`, password: 'wrong' }, target)).status).toBe(400);
    }
    const blocked = await getToken({ username: 'charles.dumont@example.net', password: TEST_PASSWORD }, target);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
  });

  it('counts parallel failed attempts before checking passwords (no burst past the limit)', async () => {
    const target = throttledApp(100, 3);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => getToken({ username: 'charles.dumont@example.net', password: 'wrong' }, target)),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 400)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  // Window expiry is tested with a fake clock in platform/rate-limit.test.ts (no sleeping here).
  it('does not count successful logins, and a success clears the account\'s failures', async () => {
    const target = throttledApp(100, 2);
    const attempt = (password: string) => getToken({ username: 'charles.dumont@example.net', password }, target);
    for (let index = 0; index < 5; index += 1) expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt(TEST_PASSWORD)).status).toBe(200);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt('wrong')).status).toBe(400);
    expect((await attempt(TEST_PASSWORD)).status).toBe(429);
  });
});

