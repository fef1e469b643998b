// Django-style permissions in the panel, enforced on the server: hidden *and* refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, grant, loginAgent, type AdminTestApp } from '../test/test-support.ts';
import { createUser } from '../../server/test/actors.ts';
import { createVisit } from '../../server/test/visit-factories.ts';

let t: AdminTestApp;
let visitId: number;
beforeAll(async () => {
  t = await createAdminTestApp();
  visitId = (await createVisit(t.ctx.db.prisma, { title: 'Sortie' })).id;
});
afterAll(() => t.ctx.database.destroy());

describe('a staff member without any right (a new tutor)', () => {
  it('sees an empty panel with the "no permission" message', async () => {
    const user = await createUser(t.ctx.db.prisma);
    const tutor = await t.ctx.db.prisma.tutor.create({ data: { userId: user.id, promotion: 2027 } });
    expect(tutor).toBeTruthy();
    await t.ctx.db.prisma.user.update({ where: { id: user.id }, data: { isStaff: true } });
    const agent = await loginAgent(t.app, user.email);
    const home = await agent.get('/');
    expect(home.status).toBe(200);
    const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(home.text)![1]!);
    // The navigation lists the resources that have a page for this user: none.
    expect(state.resources.filter((r: { href: string | null }) => r.href)).toEqual([]);
    const dashboard = await agent.get('/api/dashboard');
    expect(dashboard.body).toEqual({ noPermission: true });
  });

  it('gets 403 from the admin API for every action, called directly', async () => {
    const user = await createStaff(t.ctx);
    const agent = await loginAgent(t.app, user.email);
    const calls = [
      agent.get('/api/resources/Visit/actions/list'),
      agent.get(`/api/resources/Visit/records/${visitId}/show`),
      agent.post('/api/resources/Visit/actions/new').field('title', 'x'),
      agent.post(`/api/resources/Visit/records/${visitId}/edit`).field('title', 'x'),
      agent.post(`/api/resources/Visit/records/${visitId}/delete`),
      agent.post(`/api/resources/Visit/bulk/bulkDelete?recordIds=${visitId}`),
      agent.get('/api/resources/User/actions/list'),
      agent.get('/api/resources/Visit/actions/search/x'),
      agent.get(`/exports/visits/${visitId}/participants.csv`),
      // Express routes without regard to case, and so does AdminJS's router: so must the gate.
      agent.get('/API/resources/Visit/actions/list'),
      agent.get(`/Api/Resources/Visit/Records/${visitId}/show`),
      agent.post(`/api/RESOURCES/Visit/records/${visitId}/edit`).field('title', 'x'),
      agent.post(`/api/resources/Visit/BULK/bulkDelete?recordIds=${visitId}`),
      agent.get('/api/resources/Visit/ACTIONS/search/x'),
    ];
    for (const response of await Promise.all(calls)) expect(response.status).toBe(403);
    expect(await t.ctx.db.prisma.visit.findUnique({ where: { id: visitId } })).toMatchObject({ title: 'Sortie' });
  });
});

describe('rights from groups, per resource and action', () => {
  it('change_visit: list, show and edit visits, not delete them, nothing else', async () => {
    const user = await createStaff(t.ctx);
    await grant(t.ctx, user.id, 'visits.change_visit');
    const agent = await loginAgent(t.app, user.email);
    expect((await agent.get('/api/resources/Visit/actions/list')).status).toBe(200);
    expect((await agent.get(`/api/resources/Visit/records/${visitId}/show`)).status).toBe(200);
    const edit = await agent.post(`/api/resources/Visit/records/${visitId}/edit`).field('summary', 'Résumé');
    expect(edit.status).toBe(200);
    expect(edit.body.record.errors).toEqual({});
    expect((await agent.post(`/api/resources/Visit/records/${visitId}/delete`)).status).toBe(403);
    expect((await agent.post('/api/resources/Visit/actions/new').field('title', 'x')).status).toBe(403);
    expect((await agent.get('/api/resources/Place/actions/list')).status).toBe(403);
    // Reference pickers of the form work for whoever may change something.
    expect((await agent.get('/api/resources/Place/actions/search/x')).status).toBe(200);
    const home = await agent.get('/');
    const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(home.text)![1]!);
    const visible = state.resources.filter((r: { href: string | null }) => r.href).map((r: { id: string }) => r.id);
    expect(visible).toContain('Visit');
    expect(visible).not.toContain('Place');
    const visit = state.resources.find((r: { id: string }) => r.id === 'Visit');
    expect(visit.resourceActions.map((a: { name: string }) => a.name)).not.toContain('new');
    const shown = await agent.get(`/api/resources/Visit/records/${visitId}/show`);
    const recordActions = shown.body.record.recordActions.map((a: { name: string }) => a.name);
    expect(recordActions).toContain('edit');
    expect(recordActions).toContain('history');
    expect(recordActions).not.toContain('delete');
  });

  it('view_* is enough to list; users, groups and permissions stay superuser-only', async () => {
    const user = await createStaff(t.ctx);
    await grant(t.ctx, user.id, 'visits.view_participation');
    const agent = await loginAgent(t.app, user.email);
    expect((await agent.get('/api/resources/Participation/actions/list')).status).toBe(200);
    expect((await agent.post('/api/resources/Participation/actions/new')).status).toBe(403);
    for (const resource of ['User', 'Group', 'Permission']) {
      expect((await agent.get(`/api/resources/${resource}/actions/list`)).status).toBe(403);
    }
  });

  it("the tutors' promotion choices: for whoever may view or add tutors, worked out at the request", async () => {
    const viewer = await createStaff(t.ctx);
    await grant(t.ctx, viewer.id, 'profiles.view_tutor');
    const adder = await createStaff(t.ctx);
    await grant(t.ctx, adder.id, 'profiles.add_tutor');
    const other = await createStaff(t.ctx);
    await grant(t.ctx, other.id, 'visits.view_visit');
    t.ctx.now = () => new Date('2031-09-01T06:00:00Z');
    try {
      for (const user of [viewer, adder]) {
        const response = await (await loginAgent(t.app, user.email)).get('/api/resources/Tutor/actions/choices');
        expect(response.status).toBe(200);
        expect(response.body.defaults).toEqual({ promotion: '2034' });
        expect(response.body.choices.promotion.form.map((choice: { value: string }) => choice.value)).toEqual([
          '2034',
          '2033',
          '2032',
          '2031',
          '2030',
        ]);
      }
      expect((await (await loginAgent(t.app, other.email)).get('/api/resources/Tutor/actions/choices')).status).toBe(403);
    } finally {
      delete t.ctx.now;
    }
  });

  it('a right granted while logged in applies at the next request', async () => {
    const user = await createStaff(t.ctx);
    const agent = await loginAgent(t.app, user.email);
    expect((await agent.get('/api/resources/Document/actions/list')).status).toBe(403);
    await grant(t.ctx, user.id, 'core.view_document');
    expect((await agent.get('/api/resources/Document/actions/list')).status).toBe(200);
  });

  it('superusers can do everything', async () => {
    const user = await createStaff(t.ctx, { isSuperuser: true });
    const agent = await loginAgent(t.app, user.email);
    for (const resource of ['User', 'Group', 'Permission', 'Visit', 'Document']) {
      expect((await agent.get(`/api/resources/${resource}/actions/list`)).status).toBe(200);
    }
    const unknown = await agent.get(`/api/resources/Visit/records/${visitId}/noSuchAction`);
    expect(unknown.status).toBe(404);
  });
});
