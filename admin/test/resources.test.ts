// Every resource's list and record pages through the admin API, as a superuser: computed
// columns, filters, search, sort, validation, password handling, history.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type request from 'supertest';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from './test-support.ts';
import { createUser } from '../../server/test/actors.ts';
import { verifyPassword } from '../../server/users/passwords.ts';

let t: AdminTestApp;
let agent: request.Agent;
let adminId: number;
const RESOURCES = [
  'User',
  'Group',
  'Permission',
  'Student',
  'Tutor',
  'School',
  'TutoringGroup',
  'TutorTutoringGroup',
  'TutoringSession',
  'Visit',
  'Place',
  'Participation',
  'VisitOrganizer',
  'Registration',
  'EmergencyContact',
  'Document',
  'Address',
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000);
const dateOnly = (offset: number) => new Date(`${day(offset).toISOString().slice(0, 10)}T00:00:00Z`);
const time = (hh: number) => new Date(Date.UTC(1970, 0, 1, hh, 0, 0));

beforeAll(async () => {
  t = await createAdminTestApp();
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  adminId = admin.id;
  agent = await loginAgent(t.app, admin.email);
  const { prisma } = t.ctx.db;
  const address = await prisma.address.create({ data: { line1: '3 Rue Joliot Curie', postCode: '91190', city: 'Gif-sur-Yvette' } });
  const place = await prisma.place.create({ data: { name: 'Musée du Louvre', addressId: address.id } });
  const school = await prisma.school.create({ data: { uaiCode: '0910715Y', name: 'Lycée Camille Claudel' } });
  const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe Claudel', schoolId: school.uaiCode } });
  await prisma.tutoringSession.create({ data: { tutoringGroupId: group.id, date: dateOnly(3) } });
  const tutorUser = await createUser(prisma, { firstName: 'Tina', lastName: 'Tutrice' });
  const tutor = await prisma.tutor.create({ data: { userId: tutorUser.id, promotion: 2027 } });
  await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id, isLeader: true } });
  const open = await prisma.visit.create({
    data: { title: 'Exposition Louvre', date: dateOnly(10), deadline: day(5), startTime: time(14), endTime: time(17), placeId: place.id },
  });
  await prisma.visit.create({
    data: { title: 'Concert passé', date: dateOnly(-10), deadline: day(-12), startTime: time(20), endTime: time(22), placeId: place.id },
  });
  const studentUser = await createUser(prisma, { firstName: 'Luc', lastName: 'Lycéen' });
  await prisma.student.create({ data: { userId: studentUser.id, tutoringGroupId: group.id, schoolId: school.uaiCode } });
  await prisma.participation.create({ data: { userId: studentUser.id, visitId: open.id } });
  await prisma.visitOrganizer.create({ data: { tutorId: tutor.id, visitId: open.id } });
  const contact = await prisma.emergencyContact.create({ data: { firstName: 'Marie', lastName: 'Curie' } });
  await prisma.registration.create({
    data: {
      firstName: 'Luc',
      lastName: 'Lycéen',
      email: 'luc@example.org',
      emergencyContactId: contact.id,
      addressId: address.id,
      schoolId: school.uaiCode,
    },
  });
  await prisma.group.create({ data: { name: 'Équipe sorties' } });
  await prisma.document.create({ data: { title: 'Mentions légales', slug: 'mentions-legales', content: '# Mentions' } });
});
afterAll(() => t.ctx.database.destroy());

const list = (resource: string, query = '') => agent.get(`/api/resources/${resource}/actions/list${query}`);

describe('lists of every resource', () => {
  it.each(RESOURCES)('%s lists its records with a title', async (resource) => {
    const response = await list(resource);
    expect(response.status).toBe(200);
    expect(response.body.meta.perPage).toBe(100);
    expect(response.body.records.length).toBeGreaterThan(0);
    for (const record of response.body.records) expect(record.title).toBeTruthy();
    const first = response.body.records[0];
    const show = await agent.get(`/api/resources/${resource}/records/${encodeURIComponent(first.id)}/show`);
    expect(show.status).toBe(200);
    expect(show.body.record.id).toBe(first.id);
  });
});

describe('computed columns and filters', () => {
  it('visits: registrations open, participants, search on the place, open/closed filter', async () => {
    const all = await list('Visit');
    const byTitle = Object.fromEntries(all.body.records.map((r: { params: Record<string, unknown> }) => [r.params.title, r.params]));
    expect(byTitle['Exposition Louvre']).toMatchObject({ registrationsOpen: true, participantsCount: 1, startTime: '14:00' });
    expect(byTitle['Concert passé']).toMatchObject({ registrationsOpen: false, participantsCount: 0 });
    expect(all.body.records[0].params.title).toBe('Concert passé'); // ordered by date
    const open = await list('Visit', '?filters.registrations=open');
    expect(open.body.records.map((r: { params: { title: string } }) => r.params.title)).toEqual(['Exposition Louvre']);
    const closed = await list('Visit', '?filters.registrations=closed');
    expect(closed.body.records.map((r: { params: { title: string } }) => r.params.title)).toEqual(['Concert passé']);
    const search = await list('Visit', `?filters.q=${encodeURIComponent('EXPOSITION')}`);
    expect(search.body.records.map((r: { params: { title: string } }) => r.params.title)).toEqual(['Exposition Louvre']);
    const byPlace = await list('Visit', `?filters.q=${encodeURIComponent('musée')}`);
    expect(byPlace.body.meta.total).toBe(2);
  });

  it('places: number of visits and the most recent past visit', async () => {
    const response = await list('Place');
    const place = response.body.records[0].params;
    expect(place.visitsCount).toBe(2);
    expect(place.lastVisit).toBe(dateOnly(-10).toISOString().slice(0, 10));
  });

  it('places: "the most recent past visit" follows the days while the server runs', async () => {
    // Eleven days on, the upcoming visit (in ten days) is the most recent past one.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11 * 86_400_000 });
    try {
      const response = await list('Place');
      expect(response.body.records[0].params.lastVisit).toBe(
        dateOnly(10 - 11)
          .toISOString()
          .slice(0, 10),
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('schools: counts of students and groups', async () => {
    const response = await list('School');
    expect(response.body.records[0].params).toMatchObject({ studentsCount: 1, groupsCount: 1, uaiCode: '0910715Y' });
  });

  it('display strings: address, session, student, emergency contact link', async () => {
    expect((await list('Address')).body.records[0].title).toBe('3 Rue Joliot Curie, 91190 Gif-sur-Yvette, France');
    expect((await list('TutoringSession')).body.records[0].title).toMatch(/^Groupe Claudel \(\d+ \S+ \d{4}\)$/);
    expect((await list('Student')).body.records[0].title).toBe('Luc Lycéen');
    const contact = (await list('EmergencyContact')).body.records[0];
    expect(contact.params.registrationId).toBeTruthy();
    expect(contact.populated.registrationId.title).toMatch(/^Luc Lycéen \(/);
  });

  it('reference pickers search by display string', async () => {
    const response = await agent.get(`/api/resources/Student/actions/search/${encodeURIComponent('lyc')}`);
    expect(response.status).toBe(200);
    expect(response.body.records.map((r: { title: string }) => r.title)).toEqual(['Luc Lycéen']);
  });

  it('the permissions picker searches the French names it shows, as well as Django’s', async () => {
    const titles = async (query: string) =>
      ((await agent.get(`/api/resources/Permission/actions/search/${encodeURIComponent(query)}`)).body.records as { title: string }[]).map(
        (record) => record.title,
      );
    expect(await titles('Sorties | Peut supprimer : sortie')).toEqual(['Sorties | Peut supprimer : sortie']);
    expect(await titles('supprimer sortie')).toEqual(['Sorties | Peut supprimer : sortie']);
    expect(await titles('delete_visitorganizer')).toEqual(['Sorties | Peut supprimer : organisateur']);
    expect(await titles('Authentification voir groupe')).toEqual(['Authentification | Peut voir : groupe']);
    expect(await titles('supprimer introuvable')).toEqual([]);
  });
});

describe('users and passwords', () => {
  it('never sends a password hash', async () => {
    const response = await list('User');
    for (const record of response.body.records) expect(record.params).not.toHaveProperty('password');
    const show = await agent.get(`/api/resources/User/records/${adminId}/show`);
    expect(show.body.record.params).not.toHaveProperty('password');
  });

  it('creates a user with a hashed password, checking the rules and the confirmation', async () => {
    const bad = await agent
      .post('/api/resources/User/actions/new')
      .field('email', 'New.Person@Example.org')
      .field('newPassword', '123')
      .field('newPasswordConfirmation', '124');
    expect(bad.status).toBe(200);
    expect(bad.body.record.errors.newPassword.message).toContain('trop court');
    expect(bad.body.record.errors.newPasswordConfirmation.message).toContain('ne correspondent pas');
    const good = await agent
      .post('/api/resources/User/actions/new')
      .field('email', 'New.Person@Example.org')
      .field('newPassword', 'un-mot-de-passe-solide')
      .field('newPasswordConfirmation', 'un-mot-de-passe-solide')
      .field('isStaff', 'true');
    expect(good.body.record.errors).toEqual({});
    expect(good.body.record.params).not.toHaveProperty('password');
    const user = await t.ctx.db.prisma.user.findUniqueOrThrow({ where: { email: 'new.person@example.org' } });
    expect(user.password).toMatch(/^\$argon2id\$/);
    expect((await verifyPassword(user.password, 'un-mot-de-passe-solide')).valid).toBe(true);
  });

  it('refuses an email that is missing or not an address, on its field, with the password problems at once', async () => {
    const before = await t.ctx.db.prisma.user.count();
    for (const [address, message] of [
      ['pas-une-adresse', 'Saisissez une adresse e-mail valide.'],
      ['jean@@example.org', 'Saisissez une adresse e-mail valide.'],
      ['   ', 'Ce champ ne peut être vide.'],
    ] as const) {
      const refused = await agent
        .post('/api/resources/User/actions/new')
        .field('email', address)
        .field('newPassword', 'un-mot-de-passe-solide')
        .field('newPasswordConfirmation', 'autre-chose-encore');
      expect(refused.body.record.errors, address).toEqual({
        email: { message },
        newPasswordConfirmation: { message: 'Les deux mots de passe ne correspondent pas.' },
      });
      expect(refused.body.notice.type).toBe('error');
    }
    const missing = await agent
      .post('/api/resources/User/actions/new')
      .field('newPassword', 'un-mot-de-passe-solide')
      .field('newPasswordConfirmation', 'un-mot-de-passe-solide');
    expect(missing.body.record.errors.email).toEqual({ message: 'Ce champ ne peut être vide.' });
    expect(await t.ctx.db.prisma.user.count()).toBe(before);
    const edited = await agent.post(`/api/resources/User/records/${adminId}/edit`).field('email', 'plus@une@adresse');
    expect(edited.body.record.errors.email).toEqual({ message: 'Saisissez une adresse e-mail valide.' });
    expect((await t.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: adminId } })).email).not.toBe('plus@une@adresse');
  });
});

describe('validation', () => {
  it('visit: deadline before the date and end after start, both errors at once', async () => {
    const response = await agent
      .post('/api/resources/Visit/actions/new')
      .field('title', 'Sortie invalide')
      .field('date', dateOnly(5).toISOString().slice(0, 10))
      .field('deadline', day(6).toISOString())
      .field('startTime', '15:00')
      .field('endTime', '14:00');
    expect(response.body.record.errors.deadline.message).toBe("La date limite d'inscription doit précéder la date de la sortie.");
    expect(response.body.record.errors.endTime.message).toBe("L'heure de fin doit être après l'heure de début.");
    expect(response.body.record.errors.startTime.message).toBe("L'heure de fin doit être après l'heure de début.");
    expect(await t.ctx.db.prisma.visit.count({ where: { title: 'Sortie invalide' } })).toBe(0);
  });

  it('visit: a valid one is created with its times and logged in the history', async () => {
    const response = await agent
      .post('/api/resources/Visit/actions/new')
      .field('title', 'Sortie valide')
      .field('date', dateOnly(20).toISOString().slice(0, 10))
      .field('deadline', day(10).toISOString())
      .field('startTime', '09:30')
      .field('endTime', '12:00');
    expect(response.body.record.errors).toEqual({});
    const visit = await t.ctx.db.prisma.visit.findFirstOrThrow({ where: { title: 'Sortie valide' } });
    expect(visit.startTime.toISOString()).toBe('1970-01-01T09:30:00.000Z');
    const edit = await agent.post(`/api/resources/Visit/records/${visit.id}/edit`).field('title', 'Sortie renommée');
    expect(edit.body.record.errors).toEqual({});
    const history = await agent.get(`/api/resources/Visit/records/${visit.id}/history`);
    expect(history.status).toBe(200);
    expect(
      history.body.entries.map((entry: { message: string }) => entry.message),
      JSON.stringify(history.body.entries),
    ).toEqual(['Modification de titre.', 'Ajout.']);
  });

  it('school: UAI code of 7 digits and a letter, upper-cased, read-only afterwards', async () => {
    const bad = await agent.post('/api/resources/School/actions/new').field('uaiCode', '12345').field('name', 'Lycée X');
    expect(bad.body.record.errors.uaiCode.message).toBe("Le code UAI doit comporter 7 chiffres suivis d'une lettre.");
    const good = await agent.post('/api/resources/School/actions/new').field('uaiCode', '0750001a').field('name', 'Lycée Y');
    expect(good.body.record.errors).toEqual({});
    expect(await t.ctx.db.prisma.school.findUnique({ where: { uaiCode: '0750001A' } })).not.toBeNull();
    for (const taken of ['0750001A', '0750001a']) {
      const duplicate = await agent.post('/api/resources/School/actions/new').field('uaiCode', taken).field('name', 'Lycée W');
      expect(duplicate.body.record.errors, taken).toEqual({ uaiCode: { message: 'Un objet lycée avec ce champ code UAI existe déjà.' } });
    }
    expect(await t.ctx.db.prisma.school.findUnique({ where: { uaiCode: '0750001A' } })).toMatchObject({ name: 'Lycée Y' });
    await agent.post('/api/resources/School/records/0750001A/edit').field('uaiCode', '0750002B').field('name', 'Lycée Z');
    expect(await t.ctx.db.prisma.school.findUnique({ where: { uaiCode: '0750001A' } })).toMatchObject({ name: 'Lycée Z' });
  });

  it('document: slug generated from the title at creation', async () => {
    const response = await agent
      .post('/api/resources/Document/actions/new')
      .field('title', "C'est l'été à OSER")
      .field('content', 'Bonjour');
    expect(response.body.record.errors).toEqual({});
    expect(response.body.record.params.slug).toBe('cest-lete-a-oser');
  });

  it('tutor: creating one makes the user staff', async () => {
    const user = await createUser(t.ctx.db.prisma);
    const response = await agent.post('/api/resources/Tutor/actions/new').field('user', String(user.id)).field('promotion', '2027');
    expect(response.body.record.errors).toEqual({});
    expect((await t.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).isStaff).toBe(true);
  });
});

describe('tutoring session defaults', () => {
  it('a session created with empty times gets 17:00–19:00', async () => {
    const group = await t.ctx.db.prisma.tutoringGroup.findFirstOrThrow();
    const response = await agent
      .post('/api/resources/TutoringSession/actions/new')
      .field('tutoringGroup', String(group.id))
      .field('date', '2031-02-03')
      .field('startTime', '')
      .field('endTime', '');
    expect(response.body.record.errors).toEqual({});
    const session = await t.ctx.db.prisma.tutoringSession.findFirstOrThrow({ where: { date: new Date('2031-02-03') } });
    expect([session.startTime.toISOString().slice(11, 16), session.endTime.toISOString().slice(11, 16)]).toEqual(['17:00', '19:00']);
  });
});

describe('registration page', () => {
  it('shows the address and the emergency contact of the registration', async () => {
    const registration = (await list('Registration')).body.records[0];
    const show = await agent.get(`/api/resources/Registration/records/${registration.id}/show`);
    expect(show.body.record.params.addressDetails).toBe('3 Rue Joliot Curie, 91190 Gif-sur-Yvette, France');
    expect(show.body.record.params.emergencyContactDetails).toMatch(/^Marie Curie/);
  });
});

describe('delete selected', () => {
  it('the confirmation says what is deleted in cascade', async () => {
    const address = await t.ctx.db.prisma.address.findFirstOrThrow({ where: { line1: '3 Rue Joliot Curie' } });
    const response = await agent.get(`/api/resources/Address/bulk/bulkDelete?recordIds=${address.id}`);
    expect(response.status).toBe(200);
    expect(response.body.records[0].alsoDeleted).toEqual(["1 dossier d'inscription", '1 lieu']);
  });

  it('so does the confirmation of one record, for a model keyed by text (a school)', async () => {
    const school = await t.ctx.db.prisma.school.findFirstOrThrow({ where: { uaiCode: '0910715Y' } });
    const response = await agent.get(`/api/resources/School/records/${school.uaiCode}/delete`);
    expect(response.status).toBe(200);
    expect(response.body.record.id).toBe('0910715Y');
    expect(response.body.record.alsoDeleted ?? []).toEqual([]);
  });
});

describe('the history names a record by its label at the time (Django’s object_repr)', () => {
  const logged = (objectId: number, actionFlag: number) =>
    t.ctx.db.prisma.adminLogEntry.findFirstOrThrow({ where: { objectId: String(objectId), actionFlag, userId: adminId } });

  it('a deleted address, alone or among the selected ones, by its address', async () => {
    const { prisma } = t.ctx.db;
    const alone = await prisma.address.create({ data: { line1: '1 rue de Rivoli', postCode: '75001', city: 'Paris', country: 'FR' } });
    const selected = await prisma.address.create({ data: { line1: '2 place du Louvre', postCode: '75001', city: 'Paris' } });
    expect((await agent.post(`/api/resources/Address/records/${alone.id}/delete`)).body.notice.type).toBe('success');
    expect((await agent.post(`/api/resources/Address/bulk/bulkDelete?recordIds=${selected.id}`)).body.notice.type).toBe('success');
    expect((await logged(alone.id, 3)).objectRepr).toBe('1 rue de Rivoli, 75001 Paris, France');
    expect((await logged(selected.id, 3)).objectRepr).toBe('2 place du Louvre, 75001 Paris, France');
  });

  it('a participation decided by an action, by what it is', async () => {
    const participation = await t.ctx.db.prisma.participation.findFirstOrThrow({ include: { user: true, visit: true } });
    expect((await agent.post(`/api/resources/Participation/records/${participation.id}/accept`)).status).toBe(200);
    expect((await logged(participation.id, 2)).objectRepr).toBe(`${participation.user!.email} participe à ${participation.visit.title}`);
  });
});
