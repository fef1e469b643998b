// Holes of the panel closed (issue 10): the `search` action gives id and title only, within the
// viewer's rights, and filters on nothing else; the password is not a property of the User
// resource at all; read-only fields are never written by a save; the session cookie never
// reaches the logs.
import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'supertest';
import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { createLogger } from '../../server/platform/log.ts';
import { createTestContext, type TestContext } from '../../server/test/context.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';
import { createAdminRouter } from '../index.ts';
import { createStaff, grant, loginAgent } from '../test/test-support.ts';

let ctx: TestContext;
let app: Express;
const logLines: string[] = [];
let superuser: Agent;
let picker: Agent;
let zelieEmail: string;

beforeAll(async () => {
  ctx = await createTestContext();
  // Request logs as in production (info), kept here to be read.
  ctx.logger = createLogger(
    { logLevel: 'info' },
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    }),
  );
  app = createApp(ctx, await createAdminRouter(ctx));
  const zelie = await createUser(ctx.db.prisma, { firstName: 'Zélie', lastName: 'Secrète' });
  zelieEmail = zelie.email;
  await ctx.db.prisma.user.update({ where: { id: zelie.id }, data: { phoneNumber: '0611223344', dateOfBirth: new Date('2008-03-04') } });
  superuser = await loginAgent(app, (await createStaff(ctx, { isSuperuser: true })).email);
  const staff = await createStaff(ctx);
  await grant(ctx, staff.id, 'visits.add_participation');
  picker = await loginAgent(app, staff.email);
});
afterAll(async () => {
  await ctx.database.destroy();
});

describe('the search action of reference pickers', () => {
  it('gives a staff member who may add participations the users as id and title, nothing else', async () => {
    const response = await picker.get(`/api/resources/User/search/${encodeURIComponent(zelieEmail)}`);
    expect(response.status).toBe(200);
    const [record, ...others] = response.body.records;
    expect(others).toEqual([]);
    expect(Object.keys(record.params).sort()).toEqual(['email', 'id']);
    expect(JSON.stringify(response.body)).not.toMatch(/0611223344|2008-03-04|isSuperuser|groupIds|permissionIds|lastLogin|password/);
    expect(record.title).toBe(zelieEmail);
  });

  it('ignores filters.* and searchProperty (no test on password hashes or phone numbers)', async () => {
    const all = await picker.get('/api/resources/User/search');
    const users = await ctx.db.prisma.user.count();
    expect(all.body.records).toHaveLength(users);
    for (const query of [
      'filters.password=argon2',
      'filters.password=nothing-matches',
      'filters.phoneNumber=0611',
      'searchProperty=password&perPage=1000',
    ]) {
      const response = await picker.get(`/api/resources/User/search?${query}`);
      expect(response.status).toBe(200);
      expect(response.body.records).toHaveLength(users);
    }
    const byPassword = await picker.get('/api/resources/User/search/argon2?searchProperty=password');
    expect(byPassword.body.records).toEqual([]);
  });

  it("gives a small table whole (every permission, as Django's two-list selector showed them), in one answer", async () => {
    const permissions = await ctx.db.prisma.permission.count();
    expect(permissions).toBeGreaterThan(50);
    const response = await superuser.get('/api/resources/Permission/search');
    expect(response.status).toBe(200);
    expect(response.body.records).toHaveLength(permissions);
    // Still id and title only.
    expect(Object.keys(response.body.records[0].params).sort()).toEqual(['displayName', 'id']);
  });

  it('is refused on resources neither viewable nor picked by a form the staff member may use', async () => {
    expect((await picker.get('/api/resources/Registration/search')).status).toBe(403);
    expect((await picker.get('/api/resources/EmergencyContact/search')).status).toBe(403);
    expect((await picker.get('/api/resources/User/actions/list')).status).toBe(403);
  });
});

describe('the password is not part of the User resource', () => {
  it('cannot be filtered, sorted on or read, even by a superuser', async () => {
    const users = await ctx.db.prisma.user.count();
    const filtered = await superuser.get('/api/resources/User/actions/list?filters.password=argon2id');
    expect(filtered.body.records).toHaveLength(users);
    const none = await superuser.get('/api/resources/User/actions/list?filters.password=no-such-hash');
    expect(none.body.records).toHaveLength(users);
    const sorted = await superuser.get('/api/resources/User/actions/list?sortBy=password');
    expect(sorted.status).toBe(200);
    expect(JSON.stringify(filtered.body)).not.toMatch(/argon2|"password"/);
  });

  it('a password sent in the form is ignored: only newPassword sets it', async () => {
    const user = await createUser(ctx.db.prisma);
    const before = (await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).password;
    const response = await superuser
      .post(`/api/resources/User/records/${user.id}/edit`)
      .field('password', 'plain-hash-by-hand')
      .field('firstName', 'Nouveau');
    expect(response.body.record.errors).toEqual({});
    expect(response.body.record.params).not.toHaveProperty('password');
    const after = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.firstName).toBe('Nouveau');
    expect(after.password).toBe(before);
  });
});

describe('read-only fields (shown disabled, or the key)', () => {
  it('are not written by a crafted save of a user: dates and id stay, the rest is saved', async () => {
    const user = await createUser(ctx.db.prisma);
    const lastLogin = new Date('2024-01-02T03:04:05Z');
    await ctx.db.prisma.user.update({ where: { id: user.id }, data: { lastLogin } });
    const before = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const response = await superuser
      .post(`/api/resources/User/records/${user.id}/edit`)
      .field('dateJoined', '2001-01-01T00:00:00.000Z')
      .field('lastLogin', '2001-01-01T00:00:00.000Z')
      .field('id', String(user.id + 1000))
      .field('firstName', 'Modifiée');
    expect(response.body.record.errors).toEqual({});
    const after = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.firstName).toBe('Modifiée');
    expect(after.dateJoined).toEqual(before.dateJoined);
    expect(after.lastLogin).toEqual(lastLogin);
    expect(await ctx.db.prisma.user.findUnique({ where: { id: user.id + 1000 } })).toBeNull();
  });

  it('are not written at creation either: a new user joins now, a document gets its own slug', async () => {
    const created = await superuser
      .post('/api/resources/User/actions/new')
      .field('email', 'cree.en.douce@example.org')
      .field('newPassword', 'Zx9-long-enough-pass')
      .field('newPasswordConfirmation', 'Zx9-long-enough-pass')
      .field('dateJoined', '2001-01-01T00:00:00.000Z')
      .field('lastLogin', '2001-01-01T00:00:00.000Z');
    expect(created.body.record.errors).toEqual({});
    const user = await ctx.db.prisma.user.findFirstOrThrow({ where: { email: 'cree.en.douce@example.org' } });
    expect(user.dateJoined.getFullYear()).toBeGreaterThan(2001);
    expect(user.lastLogin).toBeNull();

    const document = await superuser
      .post('/api/resources/Document/actions/new')
      .field('title', 'Charte du tutorat')
      .field('content', 'Texte')
      .field('slug', 'choisi-a-la-main');
    expect(document.body.record.errors).toEqual({});
    const saved = await ctx.db.prisma.document.findFirstOrThrow({ where: { title: 'Charte du tutorat' } });
    expect(saved.slug).toBe('charte-du-tutorat');
    await superuser.post(`/api/resources/Document/records/${saved.id}/edit`).field('slug', 'change-a-la-main').field('title', 'Charte');
    expect(await ctx.db.prisma.document.findUniqueOrThrow({ where: { id: saved.id } })).toMatchObject({
      slug: 'charte-du-tutorat',
      title: 'Charte',
    });
  });
});

describe('logs', () => {
  it('never contain the session cookie the panel sets', async () => {
    const staff = await createStaff(ctx);
    const login = await request(app).post('/login').type('form').send({ email: staff.email, password: TEST_PASSWORD });
    const cookie = String(login.headers['set-cookie']).match(/oser_admin=([^;]+)/)?.[1];
    expect(cookie).toBeTruthy();
    await new Promise((resolve) => setImmediate(resolve));
    const logged = logLines.join('');
    expect(logged).toContain('"url":"/login"');
    expect(logged).not.toContain(cookie!);
    expect(logged).not.toContain(decodeURIComponent(cookie!));
  });
});
