// Stored XSS through Markdown (issue 10 item 6): links and images keep http(s), mailto or
// relative URLs only, in the API's Markdown, in e-mails and in the panel's renderer.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';
import { renderNotification, type NotificationTemplate } from './mail/render.ts';
import { Marked } from 'marked';
import { isSafeUrl, markdownForApi } from './markdown.ts';

// The panel's renderer (bundled for the browser, plain JavaScript).
const panelRenderer: string = '../../admin/components/markdown.js';
const { renderMarkdown } = (await import(panelRenderer)) as { renderMarkdown: (source: string) => string };
/** What a client rendering the API's Markdown (raw HTML allowed) would make of it. */
const clientRender = (markdown: string) => new Marked().parse(markdown, { async: false });
/** A link or an image (a real tag, not escaped text) with a dangerous URL. */
const DANGEROUS_TAG = /<(a|img)\s[^>]*(href|src)\s*=\s*"\s*(javascript|vbscript|data|&#|&colon)/i;

const ATTACKS = [
  '[clic](javascript:alert(1))',
  '[clic](  JaVaScRiPt:alert(1))',
  '[clic](java\tscript:alert(1))',
  '[clic](javascript&colon;alert(1))',
  '[clic](&#106;avascript:alert(1))',
  '[clic](javascript\\:alert(1))',
  '[clic](<javascript:alert(1)>)',
  '[clic][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![img](javascript:alert(1))',
  '[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[clic](vbscript:msgbox(1))',
  '<a href="javascript:alert(1)">clic</a>',
];

describe('the URL rule', () => {
  it('accepts http(s), mailto and relative URLs', () => {
    for (const url of [
      'https://oser-cs.fr/a?b=1&c=2',
      'http://x.org',
      'mailto:a@b.fr',
      '/media/a.png',
      'img.png',
      '#top',
      '?page=2',
      '../x',
    ]) {
      expect(isSafeUrl(url), url).toBe(true);
    }
  });
  it('refuses every other scheme, however spelt', () => {
    for (const url of [
      'javascript:alert(1)',
      ' JAVASCRIPT:x',
      'java\nscript:x',
      'javascript&colon;x',
      '&#x6A;avascript:x',
      'data:image/svg+xml,x',
      'vbscript:x',
      'file:///etc/passwd',
    ]) {
      expect(isSafeUrl(url), url).toBe(false);
    }
  });
});

describe('the API, e-mails and the panel render no dangerous URL', () => {
  it('API Markdown (absolutised images)', () => {
    for (const attack of ATTACKS) {
      expect(clientRender(markdownForApi(attack, 'http://localhost:8000')), attack).not.toMatch(DANGEROUS_TAG);
    }
    expect(markdownForApi('[ok](https://oser-cs.fr) ![i](/media/a.png)', 'http://h')).toBe(
      '[ok](https://oser-cs.fr) ![i](http://h/media/a.png)',
    );
  });

  it('e-mails', () => {
    const template: NotificationTemplate<{ body: string }> = {
      name: 'test',
      description: 'test',
      subject: () => 'Test',
      recipients: () => ['a@b.fr'],
      markdown: ({ body }) => ({ body }),
      example: () => ({ body: '' }),
    };
    for (const attack of ATTACKS) {
      const { html } = renderNotification(template, { body: `${attack} [ok](https://oser-cs.fr)` }, testConfig());
      expect(html, attack).not.toMatch(DANGEROUS_TAG);
      expect(html).toContain('href="https://oser-cs.fr"');
    }
  });

  it('the panel (show pages and the editor preview)', () => {
    for (const attack of ATTACKS) {
      const html = renderMarkdown(`${attack} [ok](https://oser-cs.fr)`);
      expect(html, attack).not.toMatch(DANGEROUS_TAG);
      expect(html).toContain('href="https://oser-cs.fr"');
    }
  });
});

describe('GET /api/documents/{slug}/', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.database.destroy());

  it('sends the stored content without its dangerous links', async () => {
    await ctx.db.prisma.document.create({ data: { title: 'Piège', slug: 'piege', content: ATTACKS.join('\n\n') } });
    const response = await request(createApp(ctx)).get('/api/documents/piege/');
    expect(response.status).toBe(200);
    expect(clientRender(response.body.content)).not.toMatch(DANGEROUS_TAG);
    expect(response.body.content).toContain('[clic](#');
  });
});
