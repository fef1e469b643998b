// The panel's login form against the failure counters it shares with the API's login
// (issue 10 items 3, 4, 9), and sessions that end when their user's password changes (item 7).
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../server/test/actors.ts';
import { expectWait } from '../../server/test/login-suite.ts';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';

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

  it('refuses a NUL or a lone surrogate in a panel record on its field, and a NUL in a filter with 400, never a 500', async () => {
    const admin = await loginAgent(t.app, (await createStaff(t.ctx, { isSuperuser: true })).email);
    const before = await t.ctx.db.prisma.document.count();
    const saved = await admin.post('/api/resources/Document/actions/new').field('title', 'Charte\u0000').field('content', 'texte');
    expect(saved.status).toBe(200);
    expect(saved.body.record.errors).toEqual({ title: { message: 'Les caractères nuls ne sont pas autorisés.' } });
    expect(saved.body.notice.type).toBe('error');
    // A lone surrogate travels only in JSON (a form's UTF-8 cannot carry one).
    const surrogate = await admin
      .post('/api/resources/Document/actions/new')
      .set('Content-Type', 'application/json')
      .send('{"title":"Charte","content":"texte \\ud800"}');
    expect(surrogate.body.record.errors).toEqual({
      content: { message: 'Les caractères de substitution ne sont pas autorisés : U+D800.' },
    });
    expect(await t.ctx.db.prisma.document.count()).toBe(before);
    const filtered = await admin.get('/api/resources/School/actions/list?filters.name=a%00b');
    expect(filtered.status).toBe(400);
    expect(filtered.body).toEqual({ 'filters.name': ['Les caractères nuls ne sont pas autorisés.'] });
  });
});

describe('sessions after a password change (issue 10 item 7)', () => {
  const sessionsOf = async (userId: number) =>
    (
      await t.ctx.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM oser_admin_session WHERE sess -> 'adminUser' ->> 'id' = $1`,
        [String(userId)],
      )
    )[0]!.count;

  it('ends every other session of a user who changes their own password, and keeps the current one', async () => {
    const staff = await createStaff(t.ctx);
    const [current, stolen] = [await loginAgent(t.app, staff.email), await loginAgent(t.app, staff.email)];
    expect((await stolen.get('/')).status).toBe(200);
    const changed = await current
      .post('/account/password')
      .type('form')
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'un-nouveau-secret-2026', confirmation: 'un-nouveau-secret-2026' });
    expect(changed.status).toBe(200);
    expect((await stolen.get('/')).headers.location).toBe('/login');
    expect((await current.get('/')).status).toBe(200);
    expect(await sessionsOf(staff.id)).toBe(1);
  });

  it("ends every session of a user whose password a superuser resets in the panel, not the superuser's", async () => {
    const [staff, superuser] = [await createStaff(t.ctx), await createStaff(t.ctx, { isSuperuser: true })];
    const victim = await loginAgent(t.app, staff.email);
    const admin = await loginAgent(t.app, superuser.email);
    const saved = await admin
      .post(`/api/resources/User/records/${staff.id}/edit`)
      .field('email', staff.email)
      .field('newPassword', 'un-nouveau-secret-2026')
      .field('newPasswordConfirmation', 'un-nouveau-secret-2026');
    expect(saved.status).toBe(200);
    expect(saved.body.notice?.type).toBe('success');
    expect((await victim.get('/')).headers.location).toBe('/login');
    expect(await sessionsOf(staff.id)).toBe(0);
    expect((await admin.get('/')).status).toBe(200);
    // Through the same form, their own password: their current session stays, the others end.
    const other = await loginAgent(t.app, superuser.email);
    const own = await admin
      .post(`/api/resources/User/records/${superuser.id}/edit`)
      .field('email', superuser.email)
      .field('isSuperuser', 'true')
      .field('isStaff', 'true')
      .field('isActive', 'true')
      .field('newPassword', 'encore-un-secret-2026')
      .field('newPasswordConfirmation', 'encore-un-secret-2026');
    expect(own.body.notice?.type).toBe('success');
    expect((await other.get('/')).headers.location).toBe('/login');
    expect((await admin.get('/')).status).toBe(200);
  });
});
