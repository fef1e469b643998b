// The hardened panel in the real browser (issue 10 items 6 and 12): a CSP without inline
// scripts that the pages still work under, Markdown links to `javascript:` that are not links,
// logging out by POST from the menu, and writes from another site refused.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, createStaff, type AdminTestApp } from './test-support.ts';
import { openPanelBrowser, type PanelBrowser } from './browser-support.ts';
import { TEST_PASSWORD } from '../../server/test/actors.ts';

let t: AdminTestApp;
let panel: PanelBrowser;
let page: Page;
let dialogs: string[];

beforeAll(async () => {
  t = await createAdminTestApp();
  panel = await openPanelBrowser(t.app);
  page = await panel.newPage();
  dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await panel.login(page, (await createStaff(t.ctx, { isSuperuser: true })).email, TEST_PASSWORD);
}, 120_000);
afterAll(async () => {
  await panel?.close();
  await t.ctx.database.destroy();
});

const ATTACK = '[clic](javascript:alert(1)) ![img](javascript:alert(2)) [ok](https://oser-cs.fr/)';

describe('the hardened panel in a browser', () => {
  it('runs under a CSP with a nonce instead of unsafe-inline, without violations', async () => {
    const response = await page.goto(`${panel.base}/`);
    const csp = response!.headers()['content-security-policy']!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+';/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    await page.getByTestId('dashboard').waitFor();
    // The panel's own scripts all run: no violation, no error.
    expect(panel.problems).toEqual([]);
    // A script injected into the page without the nonce does not run.
    const ran = await page.evaluate(`(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return window.injected === true;
    })()`);
    expect(ran).toBe(false);
    panel.problems.length = 0;
  });

  it('shows a Markdown link to javascript: as no link, on the show page and in the preview', async () => {
    const document = await t.ctx.db.prisma.document.create({ data: { title: 'Piège', slug: 'piege', content: ATTACK } });
    await page.goto(`${panel.base}/resources/Document/records/${document.id}/show`);
    const shown = page.locator('.oser-markdown').first();
    await shown.getByText('clic').waitFor();
    expect(await shown.locator('a[href="https://oser-cs.fr/"]').count()).toBe(1);
    expect(await shown.locator('[href^="javascript" i], [src^="javascript" i]').count()).toBe(0);
    await shown.getByText('clic').click();
    await page.goto(`${panel.base}/resources/Document/records/${document.id}/edit`);
    const preview = page.getByTestId('markdown-preview');
    await preview.getByText('clic').waitFor();
    expect(await preview.locator('[href^="javascript" i], [src^="javascript" i]').count()).toBe(0);
    await preview.getByText('clic').click();
    expect(dialogs).toEqual([]);
  });

  it('refuses a write sent from another site', async () => {
    const response = await page.request.post(`${panel.base}/api/resources/Document/actions/new`, {
      headers: { Origin: 'https://evil.example' },
      multipart: { title: 'Intrus', slug: 'intrus', content: 'x' },
    });
    expect(response.status()).toBe(403);
    const nullOrigin = await page.request.post(`${panel.base}/logout`, { headers: { Origin: 'null' } });
    expect(nullOrigin.status()).toBe(403);
    const byReferer = await page.request.post(`${panel.base}/logout`, { headers: { Referer: 'https://evil.example/page' } });
    expect(byReferer.status()).toBe(403);
    expect(await t.ctx.db.prisma.document.count({ where: { slug: 'intrus' } })).toBe(0);
    // Still logged in.
    await page.goto(`${panel.base}/`);
    await page.getByTestId('dashboard').waitFor();
  });

  it('logs out from the menu by POST; visiting /logout logs nobody out', async () => {
    await page.goto(`${panel.base}/logout`);
    await page.getByTestId('dashboard').waitFor();
    await page.locator('[data-css="logged-in"]').hover();
    await Promise.all([page.waitForURL(`${panel.base}/login`), page.getByText('Se déconnecter').click()]);
    await page.goto(`${panel.base}/`);
    await page.waitForURL(`${panel.base}/login`);
  });
});
