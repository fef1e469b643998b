// The panel's forms and pages as the Django admin had them, in a real browser: the user form in
// Django's sections, groups and permissions picked in one searchable multi-select, a tutor's
// promotion older than the offered range still shown and kept, the promotion choices of the day
// (form, filter, a new tutor's default), places linked to their page,
// related lists in the inlines' order (by id), the « groupes » filter of the users list.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, type AdminTestApp } from './test-support.ts';
import { ARTIFACTS, openPanelBrowser, type PanelBrowser } from './browser-support.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';

let t: AdminTestApp;
let panel: PanelBrowser;
let base: string;
let page: Page;

beforeAll(async () => {
  t = await createAdminTestApp();
  panel = await openPanelBrowser(t.app);
  base = panel.base;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  page = await panel.newPage();
  await panel.login(page, admin.email, TEST_PASSWORD);
}, 180_000);
afterAll(async () => {
  await panel?.close();
  await t?.ctx.database.destroy();
});

/** Runs a step, with a screenshot of the page when it fails. */
async function step(name: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS, `forms-${name}.png`), fullPage: true });
    throw error;
  }
}

/** Saves the form and waits to leave it (a refused save stays on the form). */
async function save() {
  const form = page.url();
  await page.click('[data-testid="button-save"]');
  await page.waitForURL((url) => url.href !== form && !url.pathname.endsWith('/edit'));
}

const prisma = () => t.ctx.db.prisma;
const permissionIdsOf = async (userId: number) =>
  (await prisma().userPermission.findMany({ where: { userId }, orderBy: { permissionId: 'asc' } })).map((row) => row.permissionId);
const groupIdsOf = async (userId: number) => (await prisma().userGroup.findMany({ where: { userId } })).map((row) => row.groupId);
const permission = (appLabel: string, codename: string) =>
  prisma().permission.findFirstOrThrow({ where: { codename, contentType: { appLabel } } });
/** The texts of a related list's first column, top to bottom. */
const firstColumn = (related: string) => page.getByTestId(`related-${related}`).locator('tbody tr td:first-child').allInnerTexts();

describe('the user form', () => {
  it('is in the sections of Django’s UserAdmin, the dates read-only', async () => {
    const user = await createUser(prisma(), { firstName: 'Alice', lastName: 'Sections' });
    await step('user-sections', async () => {
      await page.goto(`${base}/resources/User/records/${user.id}/edit`);
      const account = page.getByTestId('section-account');
      await account.locator('[name="email"]').waitFor();
      await account.locator('[name="newPassword"]').waitFor();
      const personal = page.getByTestId('section-personal');
      await personal.getByRole('heading', { name: 'Informations personnelles' }).waitFor();
      for (const name of ['firstName', 'lastName', 'phoneNumber']) await personal.locator(`[name="${name}"]`).waitFor();
      await personal.getByTestId('property-edit-dateOfBirth').waitFor();
      await personal.getByTestId('property-edit-gender').waitFor();
      const permissions = page.getByTestId('section-permissions');
      await permissions.getByRole('heading', { name: 'Permissions' }).waitFor();
      for (const name of ['isActive', 'isStaff', 'isSuperuser', 'groupIds', 'permissionIds']) {
        await permissions.getByTestId(`property-edit-${name}`).waitFor();
      }
      const dates = page.getByTestId('section-dates');
      await dates.getByRole('heading', { name: 'Dates importantes' }).waitFor();
      expect(await dates.locator('#dateJoined').isDisabled()).toBe(true);
      expect(await dates.locator('#lastLogin').isDisabled()).toBe(true);
      expect(await page.locator('[name="username"], [name="profileType"]').count()).toBe(0);

      // The create form: the account, then the same sections, without the dates.
      await page.goto(`${base}/resources/User/actions/new`);
      await page.getByTestId('section-account').locator('[name="newPasswordConfirmation"]').waitFor();
      await page.getByTestId('section-personal').getByRole('heading', { name: 'Informations personnelles' }).waitFor();
      await page.getByTestId('section-permissions').getByTestId('property-edit-permissionIds').waitFor();
      expect(await page.getByTestId('section-dates').count()).toBe(0);

      // The user's page: the same sections, then the participations.
      await page.goto(`${base}/resources/User/records/${user.id}/show`);
      await page.getByTestId('section-personal').getByText('Alice').waitFor();
      await page.getByTestId('section-dates').getByRole('heading', { name: 'Dates importantes' }).waitFor();
      await page.getByTestId('section-participations').getByTestId('related-Participation').waitFor();
    });
  }, 120_000);

  it('picks groups and permissions in one searchable multi-select each, saved with the form', async () => {
    const user = await createUser(prisma(), { isStaff: true, firstName: 'Paul', lastName: 'Permis' });
    const [addPlace, changeVisit, deleteVisit] = await Promise.all([
      permission('visits', 'add_place'),
      permission('visits', 'change_visit'),
      permission('visits', 'delete_visit'),
    ]);
    const [tutors, team] = await Promise.all([
      prisma().group.create({ data: { name: 'Tuteurs du jeudi' } }),
      prisma().group.create({ data: { name: 'Équipe sorties' } }),
    ]);
    await prisma().userPermission.createMany({
      data: [addPlace, changeVisit].map((p) => ({ userId: user.id, permissionId: p.id })),
    });
    await prisma().userGroup.create({ data: { userId: user.id, groupId: tutors.id } });

    await step('user-multiselect', async () => {
      await page.goto(`${base}/resources/User/records/${user.id}/edit`);
      const permissions = page.getByTestId('property-edit-permissionIds');
      // The chosen permissions, by their French names, in one select (no numbered select per item).
      await permissions.getByText('Sorties | Peut ajouter : lieu').waitFor();
      await permissions.getByText('Sorties | Peut modifier : sortie').waitFor();
      expect(await permissions.locator('input').count()).toBe(1);
      expect(await page.getByText('Ajouter un nouvel élément').count()).toBe(0);

      // Remove one, find another by searching.
      await permissions.getByRole('button', { name: /Remove Sorties \| Peut ajouter : lieu/ }).click();
      await permissions.locator('input').fill('supprimer : sortie');
      await page.getByText('Sorties | Peut supprimer : sortie', { exact: true }).click();

      // Groups the same way: remove the only one, add another.
      const groups = page.getByTestId('property-edit-groupIds');
      await groups.getByText('Tuteurs du jeudi').waitFor();
      expect(await groups.locator('input').count()).toBe(1);
      await groups.getByRole('button', { name: /Remove Tuteurs du jeudi/ }).click();
      await groups.locator('input').fill('sorties');
      await page.getByText('Équipe sorties', { exact: true }).click();

      await save();
      expect(await permissionIdsOf(user.id)).toEqual([changeVisit.id, deleteVisit.id].sort((a, b) => a - b));
      expect(await groupIdsOf(user.id)).toEqual([team.id]);

      // Emptied, they are emptied in the database; untouched fields are left alone.
      await page.goto(`${base}/resources/User/records/${user.id}/edit`);
      await groups.getByText('Équipe sorties').waitFor();
      await groups.getByRole('button', { name: /Remove Équipe sorties/ }).click();
      await save();
      expect(await groupIdsOf(user.id)).toEqual([]);
      expect(await permissionIdsOf(user.id)).toEqual([changeVisit.id, deleteVisit.id].sort((a, b) => a - b));
    });
  }, 120_000);

  it('a group’s permissions are one multi-select too, which lists them all when opened', async () => {
    const group = await prisma().group.create({ data: { name: 'Groupe multi' } });
    const addPlace = await permission('visits', 'add_place');
    await step('group-multiselect', async () => {
      await page.goto(`${base}/resources/Group/records/${group.id}/edit`);
      const permissions = page.getByTestId('property-edit-permissionIds');
      // Opened without typing, it lists every permission (about a hundred), as Django's selector.
      await permissions.locator('input').focus();
      await permissions.locator('input').press('ArrowDown');
      await permissions.locator('[id*="-option-"]').first().waitFor();
      expect(await permissions.locator('[id*="-option-"]').count()).toBe(await prisma().permission.count());
      await permissions.locator('input').press('Escape');
      await permissions.locator('input').fill('ajouter : lieu');
      await page.getByText('Sorties | Peut ajouter : lieu', { exact: true }).click();
      await save();
      const saved = await prisma().groupPermission.findMany({ where: { groupId: group.id } });
      expect(saved.map((row) => row.permissionId)).toEqual([addPlace.id]);
    });
  }, 120_000);
});

describe('the users list', () => {
  it('filters by group', async () => {
    const group = await prisma().group.create({ data: { name: 'Filtrés' } });
    const member = await createUser(prisma(), { email: 'membre@example.org' });
    await createUser(prisma(), { email: 'horsgroupe@example.org' });
    await prisma().userGroup.create({ data: { userId: member.id, groupId: group.id } });
    await step('users-group-filter', async () => {
      await page.goto(`${base}/resources/User`);
      await page.getByText('horsgroupe@example.org').waitFor();
      await page.getByText('Filtrer').first().click();
      const filter = page.getByTestId('property-filter-groupIds');
      await filter.getByText('groupes', { exact: true }).waitFor();
      await filter.locator('input').fill('Filtr');
      await page.getByText('Filtrés', { exact: true }).click();
      await page.getByRole('button', { name: 'Appliquer' }).click();
      await page.waitForURL(new RegExp(`filters\\.groupIds=${group.id}`));
      await page.locator('table').getByText('membre@example.org').waitFor();
      expect(await page.locator('table').getByText('horsgroupe@example.org').count()).toBe(0);
    });
  }, 120_000);
});

describe('a tutor’s promotion', () => {
  it('older than the offered range is shown on every page and kept when saving', async () => {
    const user = await createUser(prisma(), { firstName: 'Ancien', lastName: 'Tuteur' });
    const tutor = await prisma().tutor.create({ data: { userId: user.id, promotion: 2012 } });
    await step('old-promotion', async () => {
      await page.goto(`${base}/resources/Tutor`);
      await page.locator('tr', { hasText: 'Ancien Tuteur' }).getByText('2012').waitFor();
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/show`);
      await page.getByTestId('property-show-promotion').getByText('2012').waitFor();
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/edit`);
      const select = page.getByTestId('property-edit-promotion');
      await select.getByText('2012').waitFor();
      // Saved untouched: still 2012.
      await save();
      expect((await prisma().tutor.findUniqueOrThrow({ where: { id: tutor.id } })).promotion).toBe(2012);
      // A year of the range can still be chosen instead.
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/edit`);
      const year = String(new Date().getFullYear());
      await select.locator('input').fill(year);
      await select.locator('input').press('Enter');
      await save();
      expect((await prisma().tutor.findUniqueOrThrow({ where: { id: tutor.id } })).promotion).toBe(Number(year));
    });
  }, 120_000);
});

describe('the promotion choices of the day', () => {
  // The server's clock (AppContext.now), moved across 1 September in Paris while the panel runs.
  const at = (instant: string) => {
    t.ctx.now = () => new Date(instant);
  };
  afterAll(() => {
    delete t.ctx.now;
  });
  /** The choices a select offers once opened, top to bottom. */
  async function choicesOf(testId: string) {
    const select = page.getByTestId(testId);
    await select.locator('input').first().focus();
    await select.locator('input').first().press('ArrowDown');
    await select.locator('[id*="-option-"]').first().waitFor();
    const texts = await select.locator('[id*="-option-"]').allInnerTexts();
    await select.locator('input').first().press('Escape');
    return texts;
  }

  it('the form offers the range of the day, which moves on 1 September (Paris) without a restart', async () => {
    const user = await createUser(prisma(), { firstName: 'Tina', lastName: 'Rentrée' });
    const tutor = await prisma().tutor.create({ data: { userId: user.id, promotion: 2030 } });
    await step('promotion-range-of-the-day', async () => {
      at('2030-08-31T21:59:00Z'); // 23:59 in Paris, still August
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/edit`);
      expect(await choicesOf('property-edit-promotion')).toEqual(['2032', '2031', '2030', '2029', '2028']);
      at('2030-08-31T22:00:00Z'); // 00:00 on 1 September in Paris
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/edit`);
      expect(await choicesOf('property-edit-promotion')).toEqual(['2033', '2032', '2031', '2030', '2029']);
    });
  }, 120_000);

  it('a new tutor starts with the highest year of the range of the day', async () => {
    const user = await createUser(prisma(), { email: 'nouveau.tuteur@example.org', firstName: 'Noé', lastName: 'Nouveau' });
    await step('promotion-default', async () => {
      at('2030-09-01T08:00:00Z');
      await page.goto(`${base}/resources/Tutor/actions/new`);
      const promotion = page.getByTestId('property-edit-promotion');
      await promotion.getByText('2033', { exact: true }).waitFor();
      const picker = page.getByTestId('property-edit-user');
      await picker.locator('input').fill('nouveau.tuteur');
      await page.getByText('nouveau.tuteur@example.org', { exact: true }).click();
      const form = page.url();
      await page.click('[data-testid="button-save"]');
      await page.waitForURL((url) => url.href !== form);
      const saved = await prisma().tutor.findFirstOrThrow({ where: { userId: user.id } });
      expect(saved.promotion).toBe(2033);
    });
  }, 120_000);

  it('the list filter offers the range and the promotions in the data', async () => {
    const old = await createUser(prisma(), { firstName: 'Odile', lastName: 'Ancienne' });
    await prisma().tutor.create({ data: { userId: old.id, promotion: 2012 } });
    await step('promotion-filter', async () => {
      at('2030-09-01T08:00:00Z');
      await page.goto(`${base}/resources/Tutor`);
      await page.getByText('Odile Ancienne').waitFor();
      await page.getByText('Filtrer').first().click();
      const choices = await choicesOf('property-filter-promotion');
      expect(choices).toEqual(expect.arrayContaining(['2033', '2032', '2031', '2030', '2029', '2012']));
      const filter = page.getByTestId('property-filter-promotion');
      await filter.locator('input').first().fill('2012');
      await filter.locator('input').first().press('Enter');
      await page.getByRole('button', { name: 'Appliquer' }).click();
      await page.waitForURL(/filters\.promotion=2012/);
      await page.locator('table').getByText('Odile Ancienne').waitFor();
      expect(await page.locator('table').getByText('Tina Rentrée').count()).toBe(0);
    });
  }, 120_000);
});

describe('places', () => {
  it('link to their page from a visit’s page and from the visits list', async () => {
    const place = await prisma().place.create({ data: { name: 'Musée d’Orsay' } });
    const visit = await prisma().visit.create({
      data: {
        title: 'Impressionnistes',
        placeId: place.id,
        date: new Date('2031-03-10'),
        deadline: new Date('2031-03-01T10:00:00Z'),
        startTime: new Date(Date.UTC(1970, 0, 1, 14)),
        endTime: new Date(Date.UTC(1970, 0, 1, 17)),
      },
    });
    const href = `/resources/Place/records/${place.id}/show`;
    await step('place-links', async () => {
      await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
      await page.getByTestId('property-show-place').locator(`a[href="${href}"]`, { hasText: 'Musée d’Orsay' }).waitFor();
      await page.goto(`${base}/resources/Visit`);
      await page.locator('tr', { hasText: 'Impressionnistes' }).locator(`a[href="${href}"]`, { hasText: 'Musée d’Orsay' }).click();
      await page.waitForURL(`${base}${href}`);
      await page.getByText('Musée d’Orsay').first().waitFor();
    });
  }, 120_000);
});

describe('related lists', () => {
  it('come in the order of Django’s inlines: by id', async () => {
    const day = (n: number) => ({
      date: new Date(Date.UTC(2031, 0, n)),
      deadline: new Date(Date.UTC(2030, 11, n)),
      startTime: new Date(Date.UTC(1970, 0, 1, 14)),
      endTime: new Date(Date.UTC(1970, 0, 1, 17)),
    });
    // Each list's rows are created in an order that its first sortable column (what AdminJS sorts
    // by when asked for no order: the decision, the leader flag) and the visits' ids contradict.
    const first = await prisma().visit.create({ data: { title: 'Première créée', ...day(20) } });
    const second = await prisma().visit.create({ data: { title: 'Seconde créée', ...day(5) } });
    const student = await createUser(prisma(), { email: 'ordre@example.org' });
    await prisma().participation.create({ data: { userId: student.id, visitId: second.id, accepted: true } });
    await prisma().participation.create({ data: { userId: student.id, visitId: first.id, accepted: false } });
    const decisions: [string, boolean | null][] = [
      ['zebre@example.org', true],
      ['abeille@example.org', false],
      ['merle@example.org', null],
    ];
    for (const [email, accepted] of decisions) {
      const user = await createUser(prisma(), { email });
      await prisma().participation.create({ data: { userId: user.id, visitId: first.id, accepted } });
    }
    const tutorUser = await createUser(prisma(), { firstName: 'Tim', lastName: 'Tuteur' });
    const tutor = await prisma().tutor.create({ data: { userId: tutorUser.id, promotion: 2020 } });
    const groupA = await prisma().tutoringGroup.create({ data: { name: 'Groupe créé en premier' } });
    const groupB = await prisma().tutoringGroup.create({ data: { name: 'Groupe créé en second' } });
    await prisma().tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: groupB.id, isLeader: true } });
    await prisma().tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: groupA.id, isLeader: false } });

    await step('related-order', async () => {
      await page.goto(`${base}/resources/User/records/${student.id}/show`);
      await page.getByTestId('related-Participation').getByText('Seconde créée').waitFor();
      expect(await firstColumn('Participation')).toEqual(['Seconde créée', 'Première créée']);

      await page.goto(`${base}/resources/Visit/records/${first.id}/show`);
      await page.getByTestId('related-Participation').getByText('merle@example.org').waitFor();
      expect(await firstColumn('Participation')).toEqual([
        'ordre@example.org',
        'zebre@example.org',
        'abeille@example.org',
        'merle@example.org',
      ]);

      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/show`);
      await page.getByTestId('related-TutorTutoringGroup').getByText('Groupe créé en premier').waitFor();
      expect(await firstColumn('TutorTutoringGroup')).toEqual(['Groupe créé en second', 'Groupe créé en premier']);
    });
  }, 120_000);
});
