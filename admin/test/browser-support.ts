// The panel in the real browser (Debian's chromium driven by playwright-core), for the browser
// tests and `npm run docs:screenshots`: the panel served on a random port, pages in French and
// Paris time, requests outside the server and console errors collected.
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../server/platform/paths.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of the tests (git-ignored). */
export const ARTIFACTS = path.join(projectRoot, 'test-artifacts');

export interface PanelBrowser {
  base: string;
  browser: Browser;
  /** Requests that left the server's origin; console errors, failed requests and uncaught exceptions. */
  outside: string[];
  problems: string[];
  newPage(): Promise<Page>;
  login(page: Page, email: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/** `lang`: chromium's own language (the pages' locale is the context's). */
export async function openPanelBrowser(app: Express, options: { lang?: string } = {}): Promise<PanelBrowser> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(options.lang ? [`--lang=${options.lang}`] : []),
    ],
  });
  const outside: string[] = [];
  const problems: string[] = [];
  return {
    base,
    browser,
    outside,
    problems,
    async newPage() {
      const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      // No request may leave the server's origin.
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
      });
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`${page.url()}: console: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${page.url()}: ${response.status()} ${response.request().method()} ${response.url()}`);
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.name}: ${error.message}`));
      return page;
    },
    async login(page, email, password) {
      // The first page may wait for the components' bundle, built on first use outside production.
      await page.goto(`${base}/login`, { timeout: 90_000 });
      await page.fill('input[name="email"]', email);
      await page.fill('input[name="password"]', password);
      await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: 'Se connecter' }).click()]);
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
