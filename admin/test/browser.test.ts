// The panel in a real browser (Debian's chromium driven by playwright-core): log in, create a
// visit with an image and a fact sheet, add a participant and accept it (email in the
// outbox), search and filter the visits, an empty panel and 403s for a staff member without
// rights, French labels. Screenshots go to test-artifacts/ (not committed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, type AdminTestApp } from './test-support.ts';
import { ARTIFACTS, openPanelBrowser, type PanelBrowser } from './browser-support.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-browser-media-'));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

let t: AdminTestApp;
let panel: PanelBrowser;
let base: string;
let outside: string[];

beforeAll(async () => {
  t = await createAdminTestApp({ MEDIA_ROOT: mediaRoot, MAILS_ENABLED: 'true' });
  panel = await openPanelBrowser(t.app);
  ({ base, outside } = panel);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);
afterAll(async () => {
  await panel?.close();
  await t.ctx.database.destroy();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

const newPage = () => panel.newPage();
const login = (page: Page, email: string) => panel.login(page, email, TEST_PASSWORD);

async function superuserJourney(page: Page, email: string) {
  await login(page, email);
  await page.getByTestId('dashboard').waitFor();
  await page.getByText('Tableau de bord').first().waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-dashboard.png'), fullPage: true });

  // Create a visit with an image and a fact sheet.
  await page.goto(`${base}/resources/Visit/actions/new`);
  await page.locator('[name="title"]').waitFor();
  await page.getByText('titre').first().waitFor();
  await page.fill('[name="title"]', 'Visite du Louvre');
  await page.fill('[name="summary"]', 'Une journée au musée');
  await page.fill('#description', 'Au **programme** : la Joconde.');
  expect(await page.getByTestId('markdown-preview').locator('strong').first().textContent()).toBe('programme');
  await page.fill('[name="startTime"]', '14:00');
  await page.fill('[name="endTime"]', '17:00');
  const date = page.locator('[data-testid="property-edit-date"] input').first();
  await date.fill('20/05/2031');
  await date.press('Escape');
  const deadline = page.locator('[data-testid="property-edit-deadline"] input').first();
  await deadline.fill('10/05/2031 12:00');
  await deadline.press('Escape');
  await page.setInputFiles('#image', { name: 'louvre.png', mimeType: 'image/png', buffer: PNG });
  await page.setInputFiles('#factSheet', { name: 'fiche.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 fiche') });
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-visit-edit.png'), fullPage: true });
  await page.click('[data-testid="button-save"]');
  await page.waitForURL(/\/resources\/Visit(\?.*)?$/);
  const visit = await t.ctx.db.prisma.visit.findFirstOrThrow({ where: { title: 'Visite du Louvre' } });
  expect(visit.image).toMatch(/^visits\/images\/louvre_/);
  expect(visit.factSheet).toMatch(/^visits\/fact_sheets\/fiche_/);
  expect(visit.date.toISOString().slice(0, 10)).toBe('2031-05-20');
  expect(visit.startTime.toISOString().slice(11, 16)).toBe('14:00');
  await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
  await page.locator(`img[src="/media/${visit.image}"]`).first().waitFor();
  await page.getByText('fiche_').first().waitFor();

  // Add a participant (the form prefilled from the visit's page) and accept it.
  const student = await createUser(t.ctx.db.prisma, { firstName: 'Léa', lastName: 'Lycéenne' });
  await page.goto(`${base}/resources/Participation/actions/new?visit=${visit.id}&user=${student.id}`);
  await page.click('[data-testid="button-save"]');
  await page.waitForURL(/\/resources\/Participation(\?.*)?$/);
  const participation = await t.ctx.db.prisma.participation.findFirstOrThrow({ where: { visitId: visit.id, userId: student.id } });
  expect(participation.accepted).toBeNull();
  await page.goto(`${base}/resources/Participation/records/${participation.id}/show`);
  await page.getByText('Accepter', { exact: true }).first().click();
  await page.getByTestId('action-confirm').click();
  await expect
    .poll(async () => (await t.ctx.db.prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).accepted)
    .toBe(true);
  const mails = await t.ctx.db.prisma.outboxMessage.findMany({ where: { recipients: { has: student.email } } });
  expect(mails).toHaveLength(1);
  // A bulk action on the selection, confirmed on its own page.
  await page.goto(`${base}/resources/Participation/bulk/markPresent?recordIds=${participation.id}`);
  await page.getByTestId('action-confirm').click();
  await expect
    .poll(async () => (await t.ctx.db.prisma.participation.findUniqueOrThrow({ where: { id: participation.id } })).present)
    .toBe(true);

  // The visit's page lists its participations; its history shows who created it.
  await page.goto(`${base}/resources/Visit/records/${visit.id}/show`);
  await page.getByTestId('related-Participation').getByText(student.email).waitFor();
  await page.goto(`${base}/resources/Visit/records/${visit.id}/history`);
  await page.getByTestId('history').getByText('Ajout.').waitFor();

  // Search and filter the visits list.
  await t.ctx.db.prisma.visit.create({
    data: {
      title: 'Concert passé',
      date: new Date('2020-01-10'),
      deadline: new Date('2020-01-01T10:00:00Z'),
      startTime: new Date(Date.UTC(1970, 0, 1, 20)),
      endTime: new Date(Date.UTC(1970, 0, 1, 22)),
    },
  });
  await page.goto(`${base}/resources/Visit`);
  await page.getByText('Concert passé').first().waitFor();
  await page.getByText('Inscriptions ouvertes').first().waitFor();
  await page.screenshot({ path: path.join(ARTIFACTS, 'admin-visit-list.png'), fullPage: true });
  await page.goto(`${base}/resources/Visit?filters.q=louvre`);
  await page.getByText('Visite du Louvre').first().waitFor();
  expect(await page.getByText('Concert passé').count()).toBe(0);
  await page.goto(`${base}/resources/Visit?filters.registrations=closed`);
  await page.getByText('Concert passé').first().waitFor();
  expect(await page.getByText('Visite du Louvre').count()).toBe(0);
}

describe('the panel in a browser', () => {
  it('a superuser logs in, creates a visit with files, accepts a participant, searches and filters', async () => {
    const admin = await createStaff(t.ctx, { isSuperuser: true });
    const page = await newPage();
    try {
      await superuserJourney(page, admin.email);
    } catch (error) {
      await page.screenshot({ path: path.join(ARTIFACTS, 'admin-failure.png'), fullPage: true });
      throw error;
    }
    expect(outside).toEqual([]);
    await page.context().close();
  }, 180_000);

  it('a staff member without rights sees an empty panel and gets 403 from the admin API', async () => {
    const staff = await createStaff(t.ctx);
    const page = await newPage();
    await login(page, staff.email);
    await page.getByTestId('no-permission').waitFor();
    await page.getByText("Vous n'avez encore aucun droit").first().waitFor();
    expect(await page.getByText('Sorties').count()).toBe(0);
    const response = await page.request.get(`${base}/api/resources/Visit/actions/list`);
    expect(response.status()).toBe(403);
    const create = await page.request.post(`${base}/api/resources/Visit/actions/new`, { multipart: { title: 'Intrus' } });
    expect(create.status()).toBe(403);
    expect(outside).toEqual([]);
    await page.context().close();
  }, 120_000);
});
