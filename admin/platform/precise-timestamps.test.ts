// Timestamps keep their microseconds: the API prints what PostgreSQL stores (the original
// printed `2018-05-05T14:15:10.998206+02:00`), and saving a record in the panel does not
// rewrite a timestamp the user did not change (the form only knows milliseconds).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../server/platform/auth.ts';
import { createUser } from '../../server/test/actors.ts';
import { addParticipation, createVisit } from '../../server/test/visit-factories.ts';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';

let t: AppWithIds;
type AppWithIds = AdminTestApp & { visitId: number; registrationId: number; studentId: number; userId: number; token: string };

const DEADLINE = '2031-05-14 21:59:00.123456+00';
const SUBMITTED = '2018-05-05 12:15:10.998206+00';

beforeAll(async () => {
  const base = await createAdminTestApp();
  const { prisma } = base.ctx.db;
  const visit = await createVisit(prisma, { title: 'Sortie précise' });
  const user = await createUser(prisma, { firstName: 'Charles' });
  await addParticipation(prisma, visit.id, user.id);
  const registration = await prisma.registration.create({ data: { email: user.email, firstName: 'Charles', lastName: 'Dumont' } });
  const student = await prisma.student.create({ data: { userId: user.id, registrationId: registration.id } });
  await prisma.$executeRawUnsafe(`UPDATE visits_visit SET deadline = '${DEADLINE}' WHERE id = ${visit.id}`);
  await prisma.$executeRawUnsafe(`UPDATE register_registration SET submitted = '${SUBMITTED}' WHERE id = ${registration.id}`);
  const staff = await createStaff(base.ctx, { isSuperuser: true });
  t = {
    ...base,
    visitId: visit.id,
    registrationId: registration.id,
    studentId: student.id,
    userId: user.id,
    token: issueToken(base.ctx, staff),
  };
});
afterAll(() => t.ctx.database.destroy());

const get = (path: string) => request(t.app).get(path).set('Authorization', `Token ${t.token}`);
const stored = async (sql: string) => (await t.ctx.db.prisma.$queryRawUnsafe<{ value: string }[]>(sql))[0]!.value;

describe('the API prints the stored microseconds', () => {
  it('in the visit list, the visit detail and the visits of a user (deadline)', async () => {
    const expected = '2031-05-14T23:59:00.123456+02:00';
    const list = await get('/api/visits/');
    expect(list.body.find((visit: { id: number }) => visit.id === t.visitId).deadline).toBe(expected);
    expect((await get(`/api/visits/${t.visitId}/`)).body.deadline).toBe(expected);
    expect((await get(`/api/students/${t.userId}/visits/`)).body[0].deadline).toBe(expected);
  });

  it('in the registrations and in a student (submitted)', async () => {
    const expected = '2018-05-05T14:15:10.998206+02:00';
    const registrations = await get('/api/registrations/');
    expect(registrations.body.find((row: { id: number }) => row.id === t.registrationId).submitted).toBe(expected);
    expect((await get(`/api/students/${t.studentId}/`)).body.registration.submitted).toBe(expected);
    const students = await get('/api/students/');
    expect(
      students.body.find((row: { registration: { id: number } | null }) => row.registration?.id === t.registrationId).registration
        .submitted,
    ).toBe(expected);
  });
});

describe('saving a record in the panel', () => {
  it('leaves a microsecond timestamp it did not change identical, and writes one that changed', async () => {
    const staff = await createStaff(t.ctx, { isSuperuser: true });
    const agent = await loginAgent(t.app, staff.email);
    const show = await agent.get(`/api/resources/Visit/records/${t.visitId}/show`);
    expect(show.status).toBe(200);
    const { deadline } = show.body.record.params as { deadline: string };
    // What the form sends back: the deadline as it was shown (milliseconds), with the edit.
    const edit = await agent
      .post(`/api/resources/Visit/records/${t.visitId}/edit`)
      .field('title', 'Sortie renommée')
      .field('deadline', new Date(deadline).toISOString());
    expect(edit.body.record.errors).toEqual({});
    expect(await stored(`SELECT title AS value FROM visits_visit WHERE id = ${t.visitId}`)).toBe('Sortie renommée');
    expect(
      await stored(
        `SELECT to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS value FROM visits_visit WHERE id = ${t.visitId}`,
      ),
    ).toBe('2031-05-14 21:59:00.123456');

    // A deadline the user changes is written (before the visit's date, which is in 30 days).
    const earlier = new Date(Math.floor(Date.now() / 1000) * 1000 + 10 * 86_400_000);
    const moved = await agent.post(`/api/resources/Visit/records/${t.visitId}/edit`).field('deadline', earlier.toISOString());
    expect(moved.body.record.errors).toEqual({});
    expect(
      await stored(
        `SELECT to_char(deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS value FROM visits_visit WHERE id = ${t.visitId}`,
      ),
    ).toBe(earlier.toISOString());
  });

  it('leaves a registration submitted with microseconds identical when another field is saved', async () => {
    const staff = await createStaff(t.ctx, { isSuperuser: true });
    const agent = await loginAgent(t.app, staff.email);
    const show = await agent.get(`/api/resources/Registration/records/${t.registrationId}/show`);
    const { submitted } = show.body.record.params as { submitted: string };
    const edit = await agent
      .post(`/api/resources/Registration/records/${t.registrationId}/edit`)
      .field('grade', 'Première S')
      .field('submitted', new Date(submitted).toISOString());
    expect(edit.body.record.errors).toEqual({});
    expect(
      await stored(
        `SELECT to_char(submitted AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS value FROM register_registration WHERE id = ${t.registrationId}`,
      ),
    ).toBe('2018-05-05 12:15:10.998206');
  });
});
