// The panel in French in a browser that is not: chromium in American English in New York.
// Dates read and typed JJ/MM/AAAA HH:MM in Paris time, the calendar in French from Monday,
// no English left on the main pages, and titles and headings that name what they show.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, grant, type AdminTestApp } from './test-support.ts';
import { ARTIFACTS, openPanelBrowser, type PanelBrowser } from './browser-support.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';

/** English the panel showed (AdminJS's, react-select's, react-datepicker's, Django's). */
const ENGLISH = [
  'Select...',
  'No options',
  'Loading...',
  'Confirm',
  'Su Mo',
  'Time',
  'Previous Month',
  'Next Month',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Action : ',
  'Can add',
  'Can change',
  'Can view',
  'La ressource',
  'Show',
  'Edit',
  'List',
  'Filter',
];
/** Raw property names once shown as column headers of related lists. */
const RAW_COLUMNS = ['user', 'accepted', 'present', 'visit', 'tutor', 'isLeader', 'displayName', 'school', 'tutoringGroup'];

let t: AdminTestApp;
let panel: PanelBrowser;
let base: string;
let superuser: { email: string };
let visit: { id: number };

beforeAll(async () => {
  t = await createAdminTestApp();
  panel = await openPanelBrowser(t.app, { lang: 'en-US' });
  base = panel.base;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  superuser = await createStaff(t.ctx, { isSuperuser: true });
  visit = await nuitBlanche();
}, 120_000);
afterAll(async () => {
  await panel?.close();
  await t.ctx.database.destroy();
});

async function americanPage(email: string): Promise<Page> {
  const context = await panel.browser.newContext({
    locale: 'en-US',
    timezoneId: 'America/New_York',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await page.goto(`${base}/login`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Se connecter' }).click()]);
  return page;
}

async function screenshotOnFailure(page: Page, name: string, run: () => Promise<void>) {
  try {
    await run();
  } catch (error) {
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-failure.png`), fullPage: true });
    throw error;
  } finally {
    await page.context().close();
  }
}

async function nuitBlanche() {
  const prisma = t.ctx.db.prisma;
  const place = await prisma.place.create({ data: { name: 'Palais de la Découverte', description: '' } });
  // 23:59 in Paris on 1 October 2017 (UTC+2), 17:59 in New York.
  return prisma.visit.create({
    data: {
      title: 'Nuit Blanche 2017',
      date: new Date('2017-10-07'),
      deadline: new Date('2017-10-01T21:59:00Z'),
      startTime: new Date(Date.UTC(1970, 0, 1, 20)),
      endTime: new Date(Date.UTC(1970, 0, 1, 23)),
      placeId: place.id,
    },
  });
}

/** The English strings found in the page's visible text. */
async function englishIn(page: Page): Promise<string[]> {
  const text = await page.innerText('body');
  const escape = (word: string) => word.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Whole words: « Confirmation » is French.
  return ENGLISH.filter((word) => new RegExp(`(^|[^\\p{L}])${escape(word)}([^\\p{L}]|$)`, 'u').test(text));
}

async function headersOf(page: Page, testId: string): Promise<string[]> {
  const related = page.getByTestId(testId);
  await related.locator('thead').waitFor();
  return (await related.locator('thead th, thead td').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
}

describe('the panel in French in an American browser', () => {
  it('shows and takes dates as JJ/MM/AAAA HH:MM in Paris time, with a French calendar from Monday', async () => {
    const page = await americanPage(superuser.email);
    await screenshotOnFailure(page, 'french-dates', async () => {
      await page.goto(`${base}/resources/Visit`);
      const row = page.locator('tr', { hasText: 'Nuit Blanche 2017' });
      await row.getByText('07/10/2017').waitFor();
      await row.getByText('01/10/2017 23:59').waitFor();
      await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
      await page.getByText('01/10/2017 23:59').waitFor();
      expect(await page.getByText('2017-10-07').count()).toBe(0);

      await page.goto(`${base}/resources/Visit/records/${visit.id}/edit`);
      const deadline = page.locator('[data-testid="property-edit-deadline"] input').first();
      const date = page.locator('[data-testid="property-edit-date"] input').first();
      expect(await deadline.inputValue()).toBe('01/10/2017 23:59');
      expect(await date.inputValue()).toBe('07/10/2017');
      // The calendar: French month, weeks from Monday, « Heure ».
      await deadline.click();
      const calendar = page.locator('.react-datepicker');
      await calendar.getByText('octobre 2017').waitFor();
      expect((await calendar.locator('.react-datepicker__day-name').allInnerTexts()).map((d) => d.trim())).toEqual([
        'lu',
        'ma',
        'me',
        'je',
        've',
        'sa',
        'di',
      ]);
      await calendar.getByText('Heure').waitFor();
      expect(await calendar.getByLabel('Heure').inputValue()).toBe('23:59');
      expect(await englishIn(page)).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'french-date-picker.png') });
      await deadline.press('Escape');

      // Typed the French way, saved as Paris time (UTC+2 in May).
      await deadline.fill('30/09/2017 18:30');
      await deadline.press('Escape');
      await date.fill('08/10/2017');
      await date.press('Escape');
      await page.click('[data-testid="button-save"]');
      await expect
        .poll(async () => (await t.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } })).deadline.toISOString())
        .toBe('2017-09-30T16:30:00.000Z');
      const saved = await t.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visit.id } });
      expect(saved.date.toISOString().slice(0, 10)).toBe('2017-10-08');
    });
  }, 180_000);

  it('leaves no English on the main pages: selects, filters, related lists, history, permissions, errors', async () => {
    const prisma = t.ctx.db.prisma;
    const student = await createUser(prisma, { firstName: 'Léa', lastName: 'Lycéenne' });
    const participation = await prisma.participation.create({ data: { visitId: visit.id, userId: student.id } });
    const tutorUser = await createUser(prisma, { firstName: 'Tom', lastName: 'Tuteur' });
    const tutor = await prisma.tutor.create({ data: { userId: tutorUser.id, promotion: 2020 } });
    const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe A' } });
    await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id, isLeader: true } });
    await prisma.student.create({ data: { userId: student.id, tutoringGroupId: group.id } });
    await prisma.visitOrganizer.create({ data: { visitId: visit.id, tutorId: tutor.id } });

    const page = await americanPage(superuser.email);
    await screenshotOnFailure(page, 'french-words', async () => {
      // A decision recorded in the history by its French name.
      await page.goto(`${base}/resources/Participation/records/${participation.id}/show`);
      await page.getByText('Accepter', { exact: true }).first().click();
      await page.getByTestId('action-confirm').click();
      await expect
        .poll(async () => (await prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).accepted)
        .toBe(true);
      await page.goto(`${base}/resources/Participation/records/${participation.id}/history`);
      await page.getByTestId('history').getByText('Action « Accepter ».').waitFor();
      expect(await englishIn(page)).toEqual([]);

      // Related lists headed by the original's labels.
      await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
      expect(await headersOf(page, 'related-Participation')).toEqual(['utilisateur', 'accepté', 'présent']);
      expect(await headersOf(page, 'related-VisitOrganizer')).toEqual(['tuteur']);
      expect(await englishIn(page)).toEqual([]);
      await page.goto(`${base}/resources/TutoringGroup/records/${group.id}/show`);
      expect(await headersOf(page, 'related-Student')).toEqual(['lycéen', 'lycée']);
      expect(await headersOf(page, 'related-TutorTutoringGroup')).toEqual(['Tuteur', 'Responsable']);
      await page.goto(`${base}/resources/Tutor/records/${tutor.id}/show`);
      const memberships = await headersOf(page, 'related-TutorTutoringGroup');
      expect(memberships).toEqual(['groupe de tutorat', 'Responsable']);
      for (const headers of [memberships]) expect(headers.filter((h) => RAW_COLUMNS.includes(h))).toEqual([]);

      // Filters and selects.
      await page.goto(`${base}/resources/Visit`);
      await page.getByText('Filtrer').first().click();
      await page.getByText('Choisir…').first().waitFor();
      expect(await englishIn(page)).toEqual([]);
      await page.goto(`${base}/resources/Participation/actions/new`);
      const visitSelect = page.locator('[data-testid="property-edit-visit"] input').first();
      await visitSelect.fill('zzz');
      await page.getByText('Aucun choix').first().waitFor();
      expect(await englishIn(page)).toEqual([]);

      // Permissions in French, on their list and in the user form.
      await page.goto(`${base}/resources/Permission`);
      await page.getByText('Sorties | Peut ajouter : lieu').waitFor();
      expect(await englishIn(page)).toEqual([]);

      // The delete confirmation.
      await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
      await page.locator('[data-css="Visit-delete-button"]').click();
      await page
        .getByRole('button', { name: /^(Confirmer|Annuler)$/ })
        .first()
        .waitFor();
      expect(await englishIn(page)).toEqual([]);
    });

    // A staff member who may see visits but not users, at the users' list.
    const staff = await createStaff(t.ctx);
    await grant(t.ctx, staff.id, 'visits.view_visit');
    const staffPage = await americanPage(staff.email);
    await screenshotOnFailure(staffPage, 'french-forbidden', async () => {
      await staffPage.goto(`${base}/resources/User`);
      await staffPage.getByText("Cette page n'existe pas").first().waitFor();
      expect(await englishIn(staffPage)).toEqual([]);
      expect(await staffPage.innerText('body')).not.toMatch(/\bUser\b/);
    });
  }, 240_000);

  it('titles and headings name what the page shows', async () => {
    const page = await americanPage(superuser.email);
    await screenshotOnFailure(page, 'french-titles', async () => {
      await page.getByTestId('dashboard').waitFor();
      await expect.poll(() => page.title()).toBe('Tableau de bord | oser-cs.fr');
      await page.goto(`${base}/resources/Visit`);
      await page.getByText('Nuit Blanche 2017').first().waitFor();
      await expect.poll(() => page.title()).toBe('Sorties | oser-cs.fr');
      await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
      await expect.poll(() => page.title()).toBe('Nuit Blanche 2017 | Sorties | oser-cs.fr');
      expect(await page.locator('h2').first().innerText()).toBe('Nuit Blanche 2017');
      await page.goto(`${base}/resources/Visit/records/${visit.id}/edit`);
      await expect.poll(() => page.title()).toBe('Modifier « Nuit Blanche 2017 » | Sorties | oser-cs.fr');
      expect(await page.locator('h2').first().innerText()).toBe('Modifier « Nuit Blanche 2017 »');
      await page.goto(`${base}/resources/Visit/actions/new`);
      await expect.poll(() => page.title()).toBe('Ajouter : sortie | Sorties | oser-cs.fr');
      await page.goto(`${base}/resources/Visit/records/${visit.id}/history`);
      await expect.poll(() => page.title()).toBe('Historique de « Nuit Blanche 2017 » | Sorties | oser-cs.fr');
      for (const heading of await page.locator('h2').allInnerTexts())
        expect(['Afficher', 'Modifier', 'Liste']).not.toContain(heading.trim());
    });
  }, 180_000);
});

describe('Markdown content in the panel', () => {
  it('shows the external https images it uses, and no plain-http ones', async () => {
    const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    const document = await t.ctx.db.prisma.document.create({
      data: {
        title: 'Charte',
        slug: 'charte-images',
        content: '![logo](https://images.example.org/logo.png)\n\n![ancien](http://images.example.org/old.png)',
      },
    });
    const page = await americanPage(superuser.email);
    const requested: string[] = [];
    await page.context().route('**://images.example.org/**', (route) => {
      requested.push(route.request().url());
      return route.fulfill({ status: 200, contentType: 'image/png', body: PNG });
    });
    await screenshotOnFailure(page, 'markdown-images', async () => {
      await page.goto(`${base}/resources/Document/records/${document.id}/show`);
      const logo = page.locator('img[alt="logo"]');
      await logo.waitFor();
      await expect
        .poll(() =>
          logo.evaluate(
            (img) =>
              (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
              (img as unknown as { naturalWidth: number }).naturalWidth,
          ),
        )
        .toBe(1);
      expect(requested).toEqual(['https://images.example.org/logo.png']);
    });
  }, 120_000);
});

describe("Django's conveniences in the forms", () => {
  it('help under each field, the UAI code read-only once created, the slug shown, the original defaults', async () => {
    const prisma = t.ctx.db.prisma;
    await prisma.school.create({ data: { uaiCode: '0930965U', name: 'Lycée Henri Matisse' } });
    const charte = await prisma.document.create({ data: { title: 'Charte du tutorat', slug: 'charte-du-tutorat', content: 'Texte' } });
    const page = await americanPage(superuser.email);
    await screenshotOnFailure(page, 'conveniences', async () => {
      // The UAI help written out under its input, not clipped in a tooltip.
      await page.goto(`${base}/resources/School/actions/new`);
      const help = page.getByTestId('help-uaiCode');
      await help.waitFor();
      expect(await help.innerText()).toContain("7 chiffres suivis d'une lettre");
      const input = await page.locator('input[name="uaiCode"]').boundingBox();
      const helpBox = await help.boundingBox();
      expect(helpBox!.y).toBeGreaterThan(input!.y + input!.height - 1);
      expect(helpBox!.x + helpBox!.width).toBeLessThanOrEqual(1400);

      // Once created, the code is shown read-only (a change would be dropped).
      await page.goto(`${base}/resources/School/records/0930965U/edit`);
      const code = page.locator('input[name="uaiCode"]');
      await code.waitFor();
      expect(await code.inputValue()).toBe('0930965U');
      expect(await code.isEditable()).toBe(false);

      // The document's slug is in its form, read-only.
      await page.goto(`${base}/resources/Document/records/${charte.id}/edit`);
      const slug = page.locator('[data-testid="property-edit-slug"] input');
      await slug.waitFor();
      expect(await slug.inputValue()).toBe('charte-du-tutorat');
      expect(await slug.isEditable()).toBe(false);

      // New sessions start at 17:00–19:00, new addresses in France, as in the original.
      await page.goto(`${base}/resources/TutoringSession/actions/new`);
      await page.locator('input[name="startTime"]').waitFor();
      expect(await page.locator('input[name="startTime"]').inputValue()).toBe('17:00');
      expect(await page.locator('input[name="endTime"]').inputValue()).toBe('19:00');
      await page.goto(`${base}/resources/Address/actions/new`);
      await page.locator('[data-testid="property-edit-country"]').getByText('France', { exact: true }).waitFor();
    });
  }, 180_000);
});
