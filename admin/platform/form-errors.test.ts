// Bad input in the panel's forms is answered on the fields, never with a 500, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'supertest';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';
import { frenchInterface } from './locale-fr.ts';

let t: AdminTestApp;
let agent: Agent;
beforeAll(async () => {
  t = await createAdminTestApp();
  agent = await loginAgent(t.app, (await createStaff(t.ctx, { isSuperuser: true })).email);
});
afterAll(() => t.ctx.database.destroy());

const RESOURCES = [
  'Visit',
  'Place',
  'School',
  'TutoringGroup',
  'TutoringSession',
  'EmergencyContact',
  'Address',
  'Document',
  'User',
  'Tutor',
  'Student',
  'Participation',
  'VisitOrganizer',
  'Group',
  'Registration',
] as const;

const MALFORMED: Record<string, string>[] = [
  {},
  { title: 'x'.repeat(500), name: 'y'.repeat(500), line1: 'z'.repeat(400), firstName: 'w'.repeat(200) },
  { date: 'not-a-date', startTime: '25:99', promotion: 'abc', user: '999999', visit: 'zz', tutor: '-1', tutoringGroup: '1e3' },
];

async function rowCounts() {
  const { prisma } = t.ctx.db;
  return Promise.all([
    prisma.visit.count(),
    prisma.place.count(),
    prisma.school.count(),
    prisma.tutoringGroup.count(),
    prisma.tutoringSession.count(),
    prisma.emergencyContact.count(),
    prisma.address.count(),
    prisma.document.count(),
    prisma.user.count(),
    prisma.tutor.count(),
    prisma.student.count(),
    prisma.participation.count(),
    prisma.visitOrganizer.count(),
    prisma.group.count(),
    prisma.registration.count(),
  ]);
}

describe('malformed forms', () => {
  it.each(RESOURCES)('%s: errors on the form, no 500, nothing written', async (resource) => {
    for (const payload of MALFORMED) {
      const before = await rowCounts();
      let form = agent.post(`/api/resources/${resource}/actions/new`);
      for (const [key, value] of Object.entries(payload)) form = form.field(key, value);
      const response = await form;
      expect(response.status, JSON.stringify(payload)).toBe(200);
      const errors = response.body.record?.errors ?? {};
      const notice = response.body.notice ?? {};
      expect(Object.keys(errors).length > 0 || notice.type === 'error', `${resource} ${JSON.stringify(payload)}`).toBe(true);
      expect(await rowCounts()).toEqual(before);
    }
  });
});

describe('the notice over a form refused on its fields', () => {
  it('reads the same whichever check refused it: a hook, a rule of the resource or the database', async () => {
    await t.ctx.db.prisma.user.create({ data: { email: 'Staff.Member@OSER-cs.fr', password: '!' } });
    const refused = {
      uai: await agent.post('/api/resources/School/actions/new').field('uaiCode', '12345').field('name', 'Lycée X'),
      visit: await agent.post('/api/resources/Visit/actions/new').field('title', 'Sortie'),
      duplicate: await agent
        .post('/api/resources/User/actions/new')
        .field('email', 'STAFF.member@oser-cs.fr')
        .field('newPassword', 'Zx9-long-enough-pass')
        .field('newPasswordConfirmation', 'Zx9-long-enough-pass'),
    };
    for (const [name, response] of Object.entries(refused)) {
      expect(Object.keys(response.body.record.errors), name).not.toHaveLength(0);
      expect(response.body.notice, name).toEqual({ message: frenchInterface.messages.thereWereValidationErrors, type: 'error' });
    }
  });
});

describe('a time or a date that does not exist', () => {
  it('is refused on its field and saves nothing, never rolled over to another time or day', async () => {
    const { prisma } = t.ctx.db;
    const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe' } });
    const session = await prisma.tutoringSession.create({ data: { tutoringGroupId: group.id, date: new Date('2026-11-30T00:00:00Z') } });
    const stored = await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } });
    const user = await prisma.user.create({
      data: { email: 'dates@example.org', password: '!', dateOfBirth: new Date('2008-05-01T00:00:00Z') },
    });
    const cases: [resource: string, id: number, field: string, value: string][] = [
      ['TutoringSession', session.id, 'startTime', '9:75'],
      ['TutoringSession', session.id, 'endTime', '18:90'],
      ['TutoringSession', session.id, 'startTime', '24:00'],
      ['TutoringSession', session.id, 'date', '2026-11-31'],
      ['TutoringSession', session.id, 'date', '2027-02-29T00:00:00.000Z'],
      ['User', user.id, 'dateOfBirth', '2020-02-31'],
      ['User', user.id, 'dateOfBirth', '0000-01-01'],
    ];
    for (const [resource, id, field, value] of cases) {
      const response = await agent.post(`/api/resources/${resource}/records/${id}/edit`).field(field, value);
      expect(response.status, `${field} ${value}`).toBe(200);
      expect(response.body.record.errors[field], `${field} ${value}`).toEqual({ message: "Cette valeur n'est pas valide." });
      expect(response.body.notice.type, `${field} ${value}`).toBe('error');
    }
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toEqual(stored);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).dateOfBirth).toEqual(new Date('2008-05-01T00:00:00Z'));
    // Times and days that exist still save.
    const saved = await agent
      .post(`/api/resources/TutoringSession/records/${session.id}/edit`)
      .field('startTime', '9:05')
      .field('date', '2028-02-29');
    expect(saved.body.record.errors).toEqual({});
    expect(await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({
      startTime: new Date(Date.UTC(1970, 0, 1, 9, 5)),
      date: new Date('2028-02-29T00:00:00Z'),
    });
  });
});
