// The panel staff can trust, in the real browser: a save the database refuses is said on its
// field (no success notice, nothing written, no history), records from the original's data can
// still be saved, references the viewer may not open are plain text and no page throws.
import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, grant, type AdminTestApp } from './test-support.ts';
import { ARTIFACTS, openPanelBrowser, type PanelBrowser } from './browser-support.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';

let t: AdminTestApp;
let panel: PanelBrowser;
let page: Page;
const time = (hh: number, mm = 0) => new Date(Date.UTC(1970, 0, 1, hh, mm));

beforeAll(async () => {
  t = await createAdminTestApp({ MAILS_ENABLED: 'true' });
  panel = await openPanelBrowser(t.app);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  page = await panel.newPage();
  await panel.login(page, admin.email, TEST_PASSWORD);
}, 120_000);
afterAll(async () => {
  await panel?.close();
  await t.ctx.database.destroy();
});

/** Runs a scenario, keeping a screenshot of the page when it fails. */
async function scenario(name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS, `trust-${name}.png`), fullPage: true });
    throw error;
  }
}

const historyCount = () => t.ctx.db.prisma.adminLogEntry.count();

/** Saves the form and expects the refusal on `field`: message shown, still on the form, no success. */
async function expectRefused(field: string, message: RegExp) {
  const url = page.url();
  const history = await historyCount();
  await page.click('[data-testid="button-save"]');
  await page.getByTestId(`property-edit-${field}`).getByText(message).waitFor();
  expect(page.url()).toBe(url);
  expect(await page.getByText(/a été (ajouté|modifié)|successfully/i).count()).toBe(0);
  expect(await historyCount()).toBe(history);
}

describe('a save the database refuses', () => {
  it('a user whose email exists in another case', async () => {
    await scenario('user', async () => {
      const { prisma } = t.ctx.db;
      // Stored as typed in the original (mixed case); unique case-insensitively.
      await prisma.user.create({ data: { email: 'Staff.Member@OSER-cs.fr', password: '!' } });
      const before = await prisma.user.count();
      await page.goto(`${panel.base}/resources/User/actions/new`);
      await page.fill('[name="email"]', 'STAFF.member@oser-cs.fr');
      await page.fill('[name="newPassword"]', 'Zx9-long-enough-pass');
      await page.fill('[name="newPasswordConfirmation"]', 'Zx9-long-enough-pass');
      await expectRefused('email', /existe déjà/);
      expect(await prisma.user.count()).toBe(before);
    });
  }, 60_000);

  it('an email that is not an address, a time that does not exist, a school code already taken', async () => {
    await scenario('values', async () => {
      const { prisma } = t.ctx.db;
      const users = await prisma.user.count();
      await page.goto(`${panel.base}/resources/User/actions/new`);
      await page.fill('[name="email"]', 'pas-une-adresse');
      await page.fill('[name="newPassword"]', 'Zx9-long-enough-pass');
      await page.fill('[name="newPasswordConfirmation"]', 'Zx9-long-enough-pass');
      await expectRefused('email', /Saisissez une adresse e-mail valide/);
      expect(await prisma.user.count()).toBe(users);

      const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe du mardi' } });
      const session = await prisma.tutoringSession.create({ data: { tutoringGroupId: group.id, startTime: time(17), endTime: time(19) } });
      await page.goto(`${panel.base}/resources/TutoringSession/records/${session.id}/edit`);
      await page.fill('[name="startTime"]', '9:75');
      await expectRefused('startTime', /n'est pas valide/);
      expect((await prisma.tutoringSession.findUniqueOrThrow({ where: { id: session.id } })).startTime).toEqual(time(17));

      await prisma.school.create({ data: { uaiCode: '0930901A', name: 'Lycée Jean Renoir' } });
      await page.goto(`${panel.base}/resources/School/actions/new`);
      await page.fill('[name="uaiCode"]', '0930901a');
      await page.fill('[name="name"]', 'Un autre lycée');
      await expectRefused('uaiCode', /avec ce champ code UAI existe déjà/);
      expect(await prisma.school.findUniqueOrThrow({ where: { uaiCode: '0930901A' } })).toMatchObject({ name: 'Lycée Jean Renoir' });
    });
  }, 90_000);

  it('a duplicate participation', async () => {
    await scenario('participation', async () => {
      const { prisma } = t.ctx.db;
      const student = await createUser(prisma);
      const visit = await prisma.visit.create({
        data: {
          title: 'Louvre',
          date: new Date('2031-05-20'),
          deadline: new Date('2031-05-10T10:00:00Z'),
          startTime: time(14),
          endTime: time(17),
        },
      });
      await prisma.participation.create({ data: { userId: student.id, visitId: visit.id } });
      await page.goto(`${panel.base}/resources/Participation/actions/new?visit=${visit.id}&user=${student.id}`);
      await page.getByTestId('property-edit-user').getByText(student.email).waitFor();
      await expectRefused('user', /existe déjà/);
      expect(await prisma.participation.count({ where: { visitId: visit.id } })).toBe(1);
      expect(await prisma.outboxMessage.count()).toBe(0);
    });
  }, 60_000);

  it('a tutor added twice to a group', async () => {
    await scenario('membership', async () => {
      const { prisma } = t.ctx.db;
      const user = await createUser(prisma, { firstName: 'Tina', lastName: 'Tutrice' });
      const tutor = await prisma.tutor.create({ data: { userId: user.id, promotion: 2027 } });
      const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe Claudel' } });
      await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id } });
      await page.goto(`${panel.base}/resources/TutorTutoringGroup/actions/new?tutor=${tutor.id}&tutoringGroup=${group.id}`);
      await page.getByTestId('property-edit-tutor').getByText('Tina Tutrice').waitFor();
      await expectRefused('tutor', /existe déjà/);
      expect(await prisma.tutorTutoringGroup.count({ where: { tutoringGroupId: group.id } })).toBe(1);
    });
  }, 60_000);

  it("a school taking another school's address", async () => {
    await scenario('school', async () => {
      const { prisma } = t.ctx.db;
      const taken = await prisma.address.create({ data: { line1: '1 rue Prise', postCode: '91190', city: 'Gif' } });
      const own = await prisma.address.create({ data: { line1: '2 rue Libre', postCode: '91190', city: 'Gif' } });
      await prisma.school.create({ data: { uaiCode: '0910715Y', name: 'Lycée Claudel', addressId: taken.id } });
      await prisma.school.create({ data: { uaiCode: '0910716Z', name: 'Lycée Curie', addressId: own.id } });
      await page.goto(`${panel.base}/resources/School/records/0910716Z/edit`);
      const select = page.getByTestId('property-edit-address');
      await select.getByText('2 rue Libre').waitFor();
      await select.locator('input').first().fill('1 rue Prise');
      await page.getByRole('option', { name: /1 rue Prise/ }).click();
      await expectRefused('address', /existe déjà/);
      expect((await prisma.school.findUniqueOrThrow({ where: { uaiCode: '0910716Z' } })).addressId).toBe(own.id);
    });
  }, 60_000);
});

describe("records from the original's data", () => {
  it('« Nuit Blanche 2017 » (20:00–00:00) is saved from its edit form; a broken rule is still said when its fields change', async () => {
    await scenario('nuit-blanche', async () => {
      const { prisma } = t.ctx.db;
      const visit = await prisma.visit.create({
        data: {
          title: 'Nuit Blanche 2017',
          date: new Date('2017-10-07'),
          deadline: new Date('2017-10-01T21:59:00Z'),
          startTime: time(20),
          endTime: time(0),
        },
      });
      // Registered after its own date in the original: a rule added since, on fields not touched.
      const late = await prisma.visit.create({
        data: {
          title: 'Concert tardif',
          date: new Date('2018-03-01'),
          deadline: new Date('2018-03-05T10:00:00Z'),
          startTime: time(20),
          endTime: time(22),
        },
      });
      for (const [id, title] of [
        [visit.id, 'Nuit Blanche 2017 (Paris)'],
        [late.id, 'Concert tardif (Pleyel)'],
      ] as const) {
        await page.goto(`${panel.base}/resources/Visit/records/${id}/edit`);
        await page.fill('[name="title"]', title);
        await page.click('[data-testid="button-save"]');
        await page.waitForURL(/\/resources\/Visit(\?.*)?$/);
        expect((await prisma.visit.findUniqueOrThrow({ where: { id } })).title).toBe(title);
      }
      // Changing the times runs the rule: 19:00 after 20:00 is refused, 00:00 (midnight) is not.
      await page.goto(`${panel.base}/resources/Visit/records/${visit.id}/edit`);
      await page.fill('[name="endTime"]', '19:00');
      await expectRefused('endTime', /après l'heure de début/);
      await page.fill('[name="endTime"]', '00:00');
      await page.fill('[name="startTime"]', '21:00');
      await page.click('[data-testid="button-save"]');
      await page.waitForURL(/\/resources\/Visit(\?.*)?$/);
      expect((await prisma.visit.findUniqueOrThrow({ where: { id: visit.id } })).startTime.toISOString().slice(11, 16)).toBe('21:00');
      // Moving the late concert's date runs the deadline rule.
      await page.goto(`${panel.base}/resources/Visit/records/${late.id}/edit`);
      const date = page.locator('[data-testid="property-edit-date"] input').first();
      await date.fill('02/03/2018');
      await date.press('Escape');
      await expectRefused('deadline', /doit précéder la date de la sortie/);
    });
  }, 90_000);
});

async function visitWithPeople(title: string, participants: number) {
  const { prisma } = t.ctx.db;
  const visit = await prisma.visit.create({
    data: { title, date: new Date('2031-06-20'), deadline: new Date('2031-06-10T10:00:00Z'), startTime: time(14), endTime: time(17) },
  });
  const students = [];
  for (let i = 0; i < participants; i += 1) {
    const student = await createUser(prisma, { firstName: 'Léa', lastName: `Lycéenne ${i + 1}` });
    await prisma.participation.create({ data: { userId: student.id, visitId: visit.id } });
    students.push(student);
  }
  const tutorUser = await createUser(prisma, { firstName: 'Omar', lastName: 'Organisateur' });
  const tutor = await prisma.tutor.create({ data: { userId: tutorUser.id, promotion: 2027 } });
  await prisma.visitOrganizer.create({ data: { tutorId: tutor.id, visitId: visit.id } });
  return { visit, students, tutor };
}

describe('delete confirmations say what goes with the record', () => {
  it('bulk-deleting an address lists its place; deleting a visit from its page lists its participations and organizers', async () => {
    await scenario('delete', async () => {
      const { prisma } = t.ctx.db;
      const address = await prisma.address.create({ data: { line1: '3 rue du Musée', postCode: '75001', city: 'Paris' } });
      await prisma.place.create({ data: { name: 'Musée du Louvre', addressId: address.id } });
      await page.goto(`${panel.base}/resources/Address/bulk/bulkDelete?recordIds=${address.id}`);
      await page.getByTestId('also-deleted').getByText('supprimera aussi : 1 lieu').waitFor();
      await page.getByTestId('action-confirm').click();
      await expect.poll(() => prisma.place.count({ where: { name: 'Musée du Louvre' } })).toBe(0);

      const { visit } = await visitWithPeople('Visite à supprimer', 2);
      await page.goto(`${panel.base}/resources/Visit/records/${visit.id}/show`);
      await page.getByTestId('action-delete').first().click();
      await page.getByTestId('also-deleted').getByText('supprimera aussi : 2 participations, 1 organisateur').waitFor();
      expect(await prisma.visit.count({ where: { id: visit.id } })).toBe(1);
      await page.getByTestId('action-confirm').click();
      await page.waitForURL(/\/resources\/Visit(\?.*)?$/);
      expect(await prisma.visit.count({ where: { id: visit.id } })).toBe(0);
    });
  }, 90_000);
});

describe('a delete the database refuses', () => {
  it('a protected school: its confirmation says so; a row that appears meanwhile makes the delete fail with its reason', async () => {
    await scenario('delete-protected', async () => {
      const { prisma } = t.ctx.db;
      // A table outside the schema whose foreign key has no ON DELETE action, as Django made them.
      await prisma.$executeRawUnsafe(
        `CREATE TABLE legacy_school_note (id serial PRIMARY KEY, school_id varchar(8) REFERENCES tutoring_school (uai_code))`,
      );
      await prisma.school.create({ data: { uaiCode: '0750001A', name: 'Lycée Protégé' } });
      await prisma.school.create({ data: { uaiCode: '0750002B', name: 'Lycée Tardif' } });
      await prisma.$executeRawUnsafe(`INSERT INTO legacy_school_note (school_id) VALUES ('0750001A')`);

      await page.goto(`${panel.base}/resources/School/records/0750001A/delete`);
      await page
        .getByTestId('protected')
        .getByText(
          'Impossible de supprimer : cela nécessiterait de supprimer les objets protégés suivants : 1 ligne de la table legacy_school_note',
        )
        .waitFor();
      expect(await page.getByTestId('action-confirm').isDisabled()).toBe(true);

      await page.goto(`${panel.base}/resources/School/records/0750002B/delete`);
      await page.getByTestId('action-confirm-page').getByText('Lycée Tardif').waitFor();
      expect(await page.getByTestId('protected').count()).toBe(0);
      await prisma.$executeRawUnsafe(`INSERT INTO legacy_school_note (school_id) VALUES ('0750002B')`);
      const url = page.url();
      const history = await historyCount();
      await page.getByTestId('action-confirm').click();
      await page
        .getByText(
          "Impossible de supprimer l'objet lycée « Lycée Tardif » car cela nécessiterait de supprimer les objets protégés suivants : 1 ligne de la table legacy_school_note.",
        )
        .waitFor();
      expect(page.url()).toBe(url);
      expect(await page.getByText(/supprimé/).count()).toBe(0);
      expect(await prisma.school.count({ where: { uaiCode: { in: ['0750001A', '0750002B'] } } })).toBe(2);
      expect(await historyCount()).toBe(history);
    });
  }, 90_000);
});

describe('changes with side effects', () => {
  it('« accepté » in a visit’s participant table asks first, then says the e-mail is queued', async () => {
    await scenario('accept-inline', async () => {
      const { prisma } = t.ctx.db;
      const { visit, students } = await visitWithPeople('Sortie au théâtre', 1);
      const outbox = () => prisma.outboxMessage.count({ where: { recipients: { has: students[0]!.email } } });
      await page.goto(`${panel.base}/resources/Visit/records/${visit.id}/show`);
      const table = page.getByTestId('related-Participation');
      await table.getByText(students[0]!.email).waitFor();
      await table.locator('select').first().selectOption('true');
      await page.getByText('Accepter cette participation et prévenir le lycéen par e-mail ?').waitFor();
      await page.getByRole('button', { name: 'Annuler' }).click();
      expect((await prisma.participation.findFirstOrThrow({ where: { visitId: visit.id } })).accepted).toBeNull();
      expect(await outbox()).toBe(0);
      await table.locator('select').first().selectOption('true');
      await page.getByRole('button', { name: 'Confirmer' }).click();
      await page.getByText('1 participation acceptée ; 1 e-mail mis en file.').waitFor();
      expect((await prisma.participation.findFirstOrThrow({ where: { visitId: visit.id } })).accepted).toBe(true);
      expect(await outbox()).toBe(1);
    });
  }, 90_000);

  it('« accepté » changed in a participation’s form asks before saving; cancelling saves nothing', async () => {
    await scenario('accept-form', async () => {
      const { prisma } = t.ctx.db;
      const { visit, students } = await visitWithPeople('Sortie à l’opéra', 1);
      const participation = await prisma.participation.findFirstOrThrow({ where: { visitId: visit.id } });
      const outbox = () => prisma.outboxMessage.count({ where: { recipients: { has: students[0]!.email } } });
      const saves: string[] = [];
      const countSaves = (request: Request) => {
        if (request.method() === 'POST' && request.url().includes(`/records/${participation.id}/edit`)) saves.push(request.url());
      };
      page.on('request', countSaves);
      try {
        await page.goto(`${panel.base}/resources/Participation/records/${participation.id}/edit`);
        await page.locator('select[name="accepted"]').selectOption('true');
        await page.click('[data-testid="button-save"]');
        await page.getByText('Accepter cette participation et prévenir le lycéen par e-mail ?').waitFor();
        await page.getByRole('button', { name: 'Annuler' }).click();
        await page.getByText('Accepter cette participation et prévenir le lycéen par e-mail ?').waitFor({ state: 'detached' });
        expect(saves).toEqual([]);
        expect((await prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).accepted).toBeNull();
        expect(await outbox()).toBe(0);

        const history = await historyCount();
        await page.click('[data-testid="button-save"]');
        await page.getByRole('button', { name: 'Confirmer' }).click();
        await page.getByText('Participation enregistrée (acceptée) ; 1 e-mail mis en file.').waitFor();
        expect(saves).toHaveLength(1);
        expect((await prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).accepted).toBe(true);
        expect(await outbox()).toBe(1);
        expect(await historyCount()).toBe(history + 1);

        // A change without side effect (presence) is saved at once, and queues nothing.
        await page.goto(`${panel.base}/resources/Participation/records/${participation.id}/edit`);
        await page.locator('select[name="present"]').selectOption('true');
        await page.click('[data-testid="button-save"]');
        await expect
          .poll(async () => (await prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).present)
          .toBe(true);
        expect(await page.getByText('prévenir le lycéen par e-mail ?').count()).toBe(0);
        expect(await outbox()).toBe(1);
      } finally {
        page.off('request', countSaves);
      }
    });
  }, 90_000);

  it('a participation created already « accepté » asks before saving; cancelling creates nothing', async () => {
    await scenario('accept-new', async () => {
      const { prisma } = t.ctx.db;
      const student = await createUser(prisma);
      const visit = await prisma.visit.create({
        data: {
          title: 'Sortie au musée',
          date: new Date('2031-06-20'),
          deadline: new Date('2031-06-10T10:00:00Z'),
          startTime: time(14),
          endTime: time(17),
        },
      });
      const created = () => prisma.participation.findMany({ where: { visitId: visit.id } });
      const outbox = () => prisma.outboxMessage.count({ where: { recipients: { has: student.email } } });
      await page.goto(`${panel.base}/resources/Participation/actions/new?visit=${visit.id}&user=${student.id}`);
      await page.getByTestId('property-edit-user').getByText(student.email).waitFor();
      await page.locator('select[name="accepted"]').selectOption('true');
      await page.click('[data-testid="button-save"]');
      await page.getByText('Accepter cette participation et prévenir le lycéen par e-mail ?').waitFor();
      await page.getByRole('button', { name: 'Annuler' }).click();
      await page.getByText('Accepter cette participation et prévenir le lycéen par e-mail ?').waitFor({ state: 'detached' });
      expect(await created()).toEqual([]);
      expect(await outbox()).toBe(0);

      await page.click('[data-testid="button-save"]');
      await page.getByRole('button', { name: 'Confirmer' }).click();
      await page.getByText(/1 e-mail mis en file/).waitFor();
      expect((await created()).map((p) => p.accepted)).toEqual([true]);
      expect(await outbox()).toBe(1);
    });
  }, 90_000);

  it('a bulk decision returns to the visit’s participants; adding a member returns to the group', async () => {
    await scenario('return', async () => {
      const { prisma } = t.ctx.db;
      const { visit, students } = await visitWithPeople('Sortie au cirque', 2);
      await page.goto(`${panel.base}/resources/Visit/records/${visit.id}/show`);
      await page.getByText('Décisions et présences groupées').click();
      await page.waitForURL(new RegExp(`filters\\.visit=${visit.id}`));
      // The filtered list must be on screen: a header box ticked while it loads is reset by its rendering.
      for (const student of students) await page.locator('tbody tr').filter({ hasText: student.email }).waitFor();
      expect(await page.locator('tbody tr').count()).toBe(students.length);
      await page.locator('thead input[type="checkbox"]').first().check({ force: true });
      await page.getByTestId('action-bulkAccept').first().click();
      await page.getByText('Accepter ces participations et prévenir chaque lycéen par e-mail ?').waitFor();
      await page.getByTestId('action-confirm').click();
      await page.getByText('2 participations acceptées ; 2 e-mails mis en file.').waitFor();
      await page.waitForURL(new RegExp(`/resources/Participation\\?.*filters\\.visit=${visit.id}`));
      expect(await prisma.participation.count({ where: { visitId: visit.id, accepted: true } })).toBe(2);

      const user = await createUser(prisma, { firstName: 'Tom', lastName: 'Tuteur' });
      const tutor = await prisma.tutor.create({ data: { userId: user.id, promotion: 2027 } });
      const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe Curie' } });
      await page.goto(`${panel.base}/resources/TutoringGroup/records/${group.id}/show`);
      const add = page.getByTestId('related-TutorTutoringGroup').getByText('Ajouter');
      const href = await add.getAttribute('href');
      expect(href).toContain(`redirectUrl=${encodeURIComponent(`/resources/TutoringGroup/records/${group.id}/show`)}`);
      await page.goto(`${panel.base}${href}&tutor=${tutor.id}`);
      await page.getByTestId('property-edit-tutor').getByText('Tom Tuteur').waitFor();
      await page.click('[data-testid="button-save"]');
      await page.waitForURL(new RegExp(`/resources/TutoringGroup/records/${group.id}/show`));
      await page.getByTestId('related-TutorTutoringGroup').getByText('Tom Tuteur').waitFor();
    });
  }, 90_000);
});

describe('a staff member who may see visits but not users', () => {
  it('sees names as plain text, no dead link, and no page throws', async () => {
    const { prisma } = t.ctx.db;
    const { visit, students } = await visitWithPeople('Sortie au planétarium', 1);
    const staff = await createStaff(t.ctx);
    await grant(t.ctx, staff.id, 'visits.view_visit', 'visits.view_participation', 'visits.view_visitorganizer', 'visits.view_place');
    const staffPage = await panel.newPage();
    panel.problems.length = 0;
    try {
      await panel.login(staffPage, staff.email, TEST_PASSWORD);
      await staffPage.getByTestId('dashboard').waitFor();
      for (const url of [
        '/resources/Visit',
        '/resources/Participation',
        `/resources/Participation?filters.visit=${visit.id}`,
        '/resources/VisitOrganizer',
      ]) {
        await staffPage.goto(`${panel.base}${url}`);
        await staffPage.getByText('Sortie au planétarium').first().waitFor();
      }
      await staffPage.goto(`${panel.base}/resources/Visit/records/${visit.id}/show`);
      const participants = staffPage.getByTestId('related-Participation');
      await participants.getByText(students[0]!.email).waitFor();
      await staffPage.getByTestId('related-VisitOrganizer').getByText('Omar Organisateur').waitFor();
      expect(await staffPage.locator('a[href*="undefined"]').count()).toBe(0);
      expect(await participants.locator('a', { hasText: students[0]!.email }).count()).toBe(0);
      // No inline change or removal offered without the right to change.
      expect(await participants.locator('select').count()).toBe(0);
      expect(await participants.getByText('Supprimer').count()).toBe(0);
      const participation = await prisma.participation.findFirstOrThrow({ where: { visitId: visit.id } });
      await staffPage.goto(`${panel.base}/resources/Participation/records/${participation.id}/show`);
      await staffPage.getByText(students[0]!.email).first().waitFor();
      expect(await staffPage.locator('a[href*="undefined"]').count()).toBe(0);
      expect(panel.problems).toEqual([]);
    } catch (error) {
      await staffPage.screenshot({ path: path.join(ARTIFACTS, 'trust-viewer.png'), fullPage: true });
      throw error;
    } finally {
      await staffPage.context().close();
    }
  }, 90_000);
});
