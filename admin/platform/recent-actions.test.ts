// The dashboard's « Mes actions récentes » (Django's "My actions"): the staff member's own log
// entries, newest first; a deleted object by the label it had, without a link; a link only to
// what the staff member may open.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ADDITION, CHANGE, DELETION } from './history.ts';
import { createStaff, grant, loginAgent, useSuperuserPanel } from '../test/test-support.ts';

const panel = useSuperuserPanel();

describe('the dashboard’s recent actions', () => {
  it('lists the staff member’s own additions, changes and deletions, newest first; a deleted object without a link', async () => {
    const { agent } = panel;
    const newAddress = (line1: string, postCode: string) =>
      agent
        .post('/api/resources/Address/actions/new')
        .field('line1', line1)
        .field('postCode', postCode)
        .field('city', 'Paris')
        .field('country', 'FR');
    const created = await newAddress('5 rue des Archives', '75004');
    expect(created.body.notice.type).toBe('success');
    const id = created.body.record.id as number;
    expect((await agent.post(`/api/resources/Address/records/${id}/edit`).field('city', 'Paris 4e')).body.notice.type).toBe('success');
    const kept = await newAddress('8 quai de Conti', '75006');
    expect((await agent.post(`/api/resources/Address/records/${id}/delete`)).body.notice.type).toBe('success');
    // Someone else's action is theirs only.
    const other = await createStaff(panel.ctx, { isSuperuser: true });
    await panel.ctx.db.prisma.adminLogEntry.create({
      data: { userId: other.id, actionFlag: ADDITION, objectRepr: 'pas moi', objectId: '1' },
    });

    const { recentActions } = (await agent.get('/api/dashboard')).body;
    expect(recentActions.map((action: { flag: number; label: string }) => [action.flag, action.label])).toEqual([
      [DELETION, '5 rue des Archives, 75004 Paris 4e, France'],
      [ADDITION, '8 quai de Conti, 75006 Paris, France'],
      [CHANGE, '5 rue des Archives, 75004 Paris 4e, France'],
      [ADDITION, '5 rue des Archives, 75004 Paris, France'],
    ]);
    expect(recentActions[0]).toMatchObject({ kind: 'adresse', href: null });
    expect(recentActions[1].href).toBe(`/resources/Address/records/${kept.body.record.id}/show`);
  });

  it('links only to what the staff member may open, and keeps to the last ten', async () => {
    const { prisma } = panel.ctx.db;
    const staff = await createStaff(panel.ctx);
    await grant(panel.ctx, staff.id, 'visits.view_visit');
    const types = await prisma.contentType.findMany({ where: { model: { in: ['visit', 'user'] } } });
    const typeOf = (model: string) => types.find((type) => type.model === model)!.id;
    await prisma.adminLogEntry.createMany({
      data: Array.from({ length: 11 }, (_, index) => ({
        userId: staff.id,
        actionFlag: CHANGE,
        objectId: String(index + 1),
        objectRepr: `objet ${index + 1}`,
        contentTypeId: typeOf(index % 2 === 0 ? 'visit' : 'user'),
        actionTime: new Date(Date.UTC(2030, 0, 1, 0, index)),
      })),
    });
    const agent = await loginAgent(panel.app, staff.email);
    const { recentActions } = (await agent.get('/api/dashboard')).body;
    expect(recentActions).toHaveLength(10);
    expect(recentActions[0]).toMatchObject({ label: 'objet 11', kind: 'sortie', href: '/resources/Visit/records/11/show' });
    expect(recentActions[1]).toMatchObject({ label: 'objet 10', kind: 'utilisateur', href: null });
    expect(recentActions.at(-1).label).toBe('objet 2');
    // The page itself is refused to anonymous callers: sent to the login page, no data.
    const anonymous = await request(panel.app).get('/api/dashboard');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/\/login$/);
    expect(anonymous.body).not.toHaveProperty('recentActions');
  });
});
