// The panel's login form against the failure counters it shares with the API's login
// (issue 10 items 3, 4, 9), and sessions that end when their user's password changes (item 7).
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../server/test/actors.ts';
import { expectWait } from '../server/test/login-suite.ts';
import { createAdminTestApp, createStaff, type AdminTestApp } from './test-support.ts';

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp({ LOGIN_FAILURES_PER_CLIENT: '3', LOGIN_FAILURES_PER_ACCOUNT: '6', TRUST_PROXY: '1' });
});
afterAll(() => t.ctx.database.destroy());
beforeEach(() => t.ctx.db.query('DELETE FROM oser_rate_limit'));

/** A login through the proxy, from `address`. */
const panelLogin = (email: string, password: string, address = '203.0.113.66') =>
  request(t.app).post('/login').set('X-Forwarded-For', address).type('form').send({ email, password });
const apiLogin = (email: string, password: string, address = '203.0.113.66') =>
  request(t.app).post('/api/auth/get-token/').set('X-Forwarded-For', address).send({ username: email, password });

describe('panel login limits', () => {
  it('answers 429 with Retry-After and the French page once a client has used up its failures', async () => {
    const staff = await createStaff(t.ctx);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await panelLogin(staff.email, 'wrong');
      expect(failed.status).toBe(200);
      expect(failed.text).toContain('Adresse électronique ou mot de passe incorrect');
    }
    const blocked = await panelLogin(staff.email, TEST_PASSWORD);
    expectWait(blocked, 30);
    expect(blocked.text).toContain('Trop de tentatives');
    expect(blocked.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/oser_admin=/)]));
    // The owner, from another client, is not locked out.
    expect((await panelLogin(staff.email, TEST_PASSWORD, '198.51.100.7')).status).toBe(302);
  });

  it('shares the failures of an account between the API and the panel', async () => {
    const staff = await createStaff(t.ctx);
    expect((await apiLogin(staff.email, 'wrong')).status).toBe(400);
    expect((await panelLogin(staff.email, 'wrong')).status).toBe(200);
    expect((await apiLogin(staff.email, 'wrong')).status).toBe(400);
    expect((await panelLogin(staff.email, TEST_PASSWORD)).status).toBe(429);
    expect((await apiLogin(staff.email, TEST_PASSWORD)).status).toBe(429);
    // The per-account ceiling counts both doors too, from every address.
    for (const address of ['192.0.2.1', '192.0.2.2']) expect((await panelLogin(staff.email, 'wrong', address)).status).toBe(200);
    expect((await apiLogin(staff.email, 'wrong', '192.0.2.3')).status).toBe(400);
    expect((await panelLogin(staff.email, TEST_PASSWORD, '198.51.100.7')).status).toBe(429);
  });

  it('refuses a NUL character in the form with 400, without a database error', async () => {
    const response = await request(t.app).post('/login').type('form').send('email=a%00b&password=x');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['Les caractères nuls ne sont pas autorisés.'] });
    expect(response.text).not.toMatch(/prisma|22021|invocation/i);
  });
});
