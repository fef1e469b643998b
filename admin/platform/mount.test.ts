// The panel at / beside the REST API; login, sessions, logout, rate limit; French pages.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';

let t: AdminTestApp;
beforeAll(async () => {
  t = await createAdminTestApp();
});
afterAll(() => t.ctx.database.destroy());

describe('mount at / beside /api', () => {
  it('sends /api/... to the REST API and the rest to the panel', async () => {
    const api = await request(t.app).get('/api/');
    expect(api.status).toBe(200);
    expect(api.body).toHaveProperty('visits');
    const panel = await request(t.app).get('/');
    expect(panel.status).toBe(302);
    expect(panel.headers.location).toBe('/login');
    // AdminJS's own API calls are the panel's, behind its login.
    const adminApi = await request(t.app).get('/api/resources/Visit/actions/list');
    expect(adminApi.status).toBe(302);
    expect(adminApi.headers.location).toBe('/login');
    const old = await request(t.app).get('/admin/visits/');
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe('/');
  });

  it('serves the French, OSER-branded login page with its own CSP and no outside link', async () => {
    const page = await request(t.app).get('/login');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Adresse électronique');
    expect(page.text).toContain('/static/oser-logo.svg');
    expect(page.text).not.toContain('fonts.googleapis');
    expect(page.text).not.toMatch(/(src|href)="https?:/i);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const logo = await request(t.app).get('/static/oser-logo.svg');
    expect(logo.status).toBe(200);
    // The original's fonts (Nunito, Raleway) come from this server, as every font the CSS names.
    const css = await request(t.app).get('/static/admin.css');
    const fonts = [...css.text.matchAll(/url\("([^"]+)"\)/g)].map((match) => match[1]!);
    expect(fonts.length).toBe(4);
    for (const font of fonts) {
      const response = await request(t.app).get(font);
      expect(response.status, font).toBe(200);
      expect(response.body.length, font).toBeGreaterThan(1000);
    }
    // The REST API keeps helmet's strict policy.
    const api = await request(t.app).get('/api/');
    expect(api.headers['content-security-policy']).toContain("script-src 'self';");
    // Inline scripts only with this response's nonce, which every script tag of the page carries.
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)';/.exec(page.headers['content-security-policy']!)?.[1];
    expect(nonce).toBeTruthy();
    expect(page.headers['content-security-policy']!).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.text.match(/<script(?=[\s>])/g)!.length).toBe(page.text.split(`<script nonce="${nonce}"`).length - 1);
  });
});

describe('login', () => {
  it('lets active staff in, sets last_login, rotates the session id, and logs out', async () => {
    const staff = await createStaff(t.ctx, { isSuperuser: true });
    const agent = request.agent(t.app);
    const before = await agent.get('/login');
    const firstCookie = String(before.headers['set-cookie'] ?? '');
    const login = await agent.post('/login').type('form').send({ email: staff.email.toUpperCase(), password: TEST_PASSWORD });
    expect(login.status).toBe(302);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/oser_admin=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toBe(firstCookie);
    const stored = await t.ctx.db.prisma.adminSession.count();
    expect(stored).toBeGreaterThan(0);
    const user = await t.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: staff.id } });
    expect(user.lastLogin).not.toBeNull();
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('<html lang=fr>');
    expect(home.text).toContain('Tableau de bord');
    expect(home.text).not.toContain('fonts.googleapis');
    expect(home.text).not.toContain(user.password);
    // A GET (any page can make the browser send one) logs nobody out; the menu's POST does.
    expect((await agent.get('/logout')).headers.location).toBe('/');
    expect((await agent.get('/')).status).toBe(200);
    const logout = await agent.post('/logout');
    expect(logout.status).toBe(302);
    expect(logout.headers.location).toBe('/login');
    expect((await agent.get('/')).headers.location).toBe('/login');
  });

  it('refuses non-staff, inactive users and wrong passwords', async () => {
    const student = await createUser(t.ctx.db.prisma);
    const inactive = await createUser(t.ctx.db.prisma, { isStaff: true, isActive: false });
    const superNotStaff = await createUser(t.ctx.db.prisma, { isSuperuser: true, isStaff: false });
    for (const [email, password] of [
      [student.email, TEST_PASSWORD],
      [inactive.email, TEST_PASSWORD],
      [superNotStaff.email, TEST_PASSWORD],
      ['nobody@example.org', 'x'],
    ]) {
      const response = await request(t.app).post('/login').type('form').send({ email, password });
      expect(response.status).toBe(200);
      expect(response.text).toContain('Adresse électronique ou mot de passe incorrect');
    }
  });

  it('a staff user made inactive loses the panel at the next request', async () => {
    const staff = await createStaff(t.ctx);
    const agent = await loginAgent(t.app, staff.email);
    expect((await agent.get('/')).status).toBe(200);
    await t.ctx.db.prisma.user.update({ where: { id: staff.id }, data: { isActive: false } });
    const after = await agent.get('/');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login');
  });
});
