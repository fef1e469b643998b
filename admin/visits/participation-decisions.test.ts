// A participation's decision and its email are one write (server/visits/service.ts): whatever
// the way in (panel form, record action, bulk action, API), a failure of the email's insert
// leaves neither; the panel's "registrations open" filter follows the API's strict rule.
import request from 'supertest';
import type { Agent } from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueToken } from '../../server/platform/auth.ts';
import { createUser } from '../../server/test/actors.ts';
import { createVisit } from '../../server/test/visit-factories.ts';
import { decideParticipations } from '../../server/visits/service.ts';
import { adminActor } from '../platform/permissions.ts';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';

let t: AdminTestApp;
let agent: Agent;
let staffToken: string;
let staffId: number;
let visitId: number;

beforeAll(async () => {
  t = await createAdminTestApp({ MAILS_ENABLED: 'true' });
  const staff = await createStaff(t.ctx, { isSuperuser: true });
  staffId = staff.id;
  staffToken = issueToken(t.ctx, staff);
  agent = await loginAgent(t.app, staff.email);
  visitId = (await createVisit(t.ctx.db.prisma)).id;
});
afterAll(() => t.ctx.database.destroy());

async function participant() {
  const user = await createUser(t.ctx.db.prisma);
  return t.ctx.db.prisma.participation.create({ data: { userId: user.id, visitId } });
}

const accepted = async (ids: number[]) =>
  (await t.ctx.db.prisma.participation.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } })).map((row) => row.accepted);

/** Makes every insert into the outbox fail inside the caller's transaction, as a crash would. */
async function breakOutbox() {
  await t.ctx.db.prisma.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION test_outbox_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$ LANGUAGE plpgsql`,
  );
  await t.ctx.db.prisma.$executeRawUnsafe(
    'CREATE TRIGGER test_outbox_down BEFORE INSERT ON oser_mail_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_down()',
  );
}

describe('the decision and its email, all or nothing', () => {
  afterEach(async () => {
    await t.ctx.db.prisma.$executeRawUnsafe('DROP TRIGGER IF EXISTS test_outbox_down ON oser_mail_outbox');
  });

  it('panel edit form: the email cannot be queued, so the decision is not saved either', async () => {
    const p = await participant();
    await breakOutbox();
    const response = await agent
      .post(`/api/resources/Participation/records/${p.id}/edit`)
      .field('accepted', 'true')
      .field('present', 'true');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await t.ctx.db.prisma.participation.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ accepted: null, present: null });
    expect(await t.ctx.db.prisma.outboxMessage.count()).toBe(0);
  });

  it('panel new form: no participation without its email', async () => {
    const user = await createUser(t.ctx.db.prisma);
    await breakOutbox();
    const response = await agent
      .post('/api/resources/Participation/actions/new')
      .field('user', String(user.id))
      .field('visit', String(visitId))
      .field('accepted', 'false');
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await t.ctx.db.prisma.participation.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.ctx.db.prisma.outboxMessage.count()).toBe(0);
  });

  it('panel record and bulk actions, and the API: nothing saved', async () => {
    const [a, b] = [await participant(), await participant()];
    await breakOutbox();
    expect((await agent.post(`/api/resources/Participation/records/${a.id}/accept`)).status).toBeGreaterThanOrEqual(400);
    expect((await agent.post(`/api/resources/Participation/bulk/bulkReject?recordIds=${a.id},${b.id}`)).status).toBeGreaterThanOrEqual(400);
    expect(await accepted([a.id, b.id])).toEqual([null, null]);
    const user = await createUser(t.ctx.db.prisma);
    const api = await request(t.app)
      .post('/api/participations/')
      .set('Authorization', `Token ${staffToken}`)
      .send({ user: user.id, visit: visitId, accepted: true });
    expect(api.status).toBe(500);
    expect(await t.ctx.db.prisma.participation.count({ where: { userId: user.id } })).toBe(0);
    expect(await t.ctx.db.prisma.outboxMessage.count()).toBe(0);
  });

  it('the edit form saves the decision with its email once the outbox works', async () => {
    const p = await participant();
    const response = await agent.post(`/api/resources/Participation/records/${p.id}/edit`).field('accepted', 'true');
    expect((response.body as { notice?: { type: string } }).notice?.type).toBe('success');
    expect(await accepted([p.id])).toEqual([true]);
    expect(await t.ctx.db.prisma.outboxMessage.count({ where: { notification: 'accepted' } })).toBe(1);
    // Clearing the decision sends nothing; deciding again the same way neither.
    await agent.post(`/api/resources/Participation/records/${p.id}/edit`).field('accepted', '');
    await agent.post(`/api/resources/Participation/records/${p.id}/accept`);
    expect(await t.ctx.db.prisma.outboxMessage.count({ where: { notification: 'accepted' } })).toBe(2);
    await agent.post(`/api/resources/Participation/records/${p.id}/accept`);
    expect(await t.ctx.db.prisma.outboxMessage.count({ where: { notification: 'accepted' } })).toBe(2);
  });
});

describe('decideParticipations', () => {
  it('runs as many queries for thirty participations as for one', async () => {
    const operations: string[] = [];
    const counted = t.ctx.db.prisma.$extends({
      query: {
        $allOperations({ model, operation, args, query }) {
          operations.push(`${model ?? ''}.${operation}`);
          return query(args);
        },
      },
    });
    const ctx = { ...t.ctx, db: { ...t.ctx.db, prisma: counted as unknown as typeof t.ctx.db.prisma } };
    const actor = adminActor({ id: staffId, email: 'staff@example.org', title: '', isSuperuser: true });
    const one = [(await participant()).id];
    const thirty = await Promise.all(Array.from({ length: 30 }, async () => (await participant()).id));

    expect(await decideParticipations(ctx, actor, one, false)).toEqual(one);
    const forOne = operations.splice(0);
    expect((await decideParticipations(ctx, actor, thirty, false)).sort((x, y) => x - y)).toEqual([...thirty].sort((x, y) => x - y));
    expect(operations).toEqual(forOne);
    expect(
      await t.ctx.db.prisma.outboxMessage.count({ where: { notification: 'rejected', recipients: { isEmpty: false } } }),
    ).toBeGreaterThanOrEqual(31);
  });

  it('is refused to anyone but staff', async () => {
    const p = await participant();
    await expect(
      decideParticipations(t.ctx, { user: { id: p.userId!, email: 'x@example.org', isStaff: false, isSuperuser: false } }, [p.id], true),
    ).rejects.toThrow();
    expect(await accepted([p.id])).toEqual([null]);
  });
});

describe('the panel\'s "registrations open" filter', () => {
  afterEach(() => vi.useRealTimers());

  it('counts a visit whose deadline is now as closed, as the API does (now < deadline, strict)', async () => {
    const { id } = await createVisit(t.ctx.db.prisma, { title: 'Date limite pile maintenant' });
    // A minute ahead: the panel's session stays valid at that instant.
    const deadline = new Date(Date.now() + 60_000);
    await t.ctx.db.prisma.visit.update({ where: { id }, data: { deadline } });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(deadline);
    const titles = async (value: string) => {
      const response = await agent.get(`/api/resources/Visit/actions/list?filters.registrations=${value}&perPage=500`);
      const { records } = response.body as { records: { params: { title: string; registrationsOpen: boolean } }[] };
      return records.map((record) => [record.params.title, record.params.registrationsOpen]);
    };
    expect(await titles('open')).not.toContainEqual(['Date limite pile maintenant', expect.anything()]);
    expect(await titles('closed')).toContainEqual(['Date limite pile maintenant', false]);
  });
});
