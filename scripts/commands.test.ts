// The operator commands as an operator runs them: exit codes, help, messages, and one
// clean-media run against a test database.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../server/test/context.ts';

const run = promisify(execFile);
const TSX = path.resolve('node_modules/.bin/tsx');

async function command(script: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [`scripts/${script}.ts`, ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('notification commands', () => {
  it('list, render and refuse unknown names', async () => {
    const list = await command('notification', ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^abandon .*\naccepted .*\nrejected .*\ntoday /m);
    const render = await command('notification', ['render', 'rejected']);
    expect(render.code).toBe(0);
    expect(render.stdout).toContain('<p>Bonjour John,</p>');
    const unknown = await command('notification', ['render', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Valid names: abandon, accepted, rejected, today.');
  });

  it('send: refuses when mails are disabled, writes an .eml in development', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-cmd-'));
    const disabled = await command('notification', ['send', 'today', 'a@example.com'], { MAILS_ENABLED: 'false' });
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toContain('⚠️ Notification email not sent (see above for logs).');
    const sent = await command('notification', ['send', 'today', 'a@example.com'], { DATA_DIR: dataDir });
    expect(sent.code).toBe(0);
    expect(sent.stdout).toContain('✉️ Notification email sent to a@example.com.');
    expect(fs.readdirSync(path.join(dataDir, 'mails'))).toHaveLength(1);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('populatedb', () => {
  it('refuses to run in production and explains its options', async () => {
    const production = await command('populatedb', [], {
      NODE_ENV: 'production',
      SECRET_KEY: 'x'.repeat(40),
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
      VISITS_TEAM_EMAIL: 'sorties@example.org',
    });
    expect(production.code).toBe(1);
    expect(production.stderr).toContain('populatedb refuses to run in production');
    const help = await command('populatedb', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--cleanbefore');
    expect((await command('populatedb', ['--preview'])).stdout).toContain('visits.Visit');
  });
});

describe('clean-media', () => {
  let ctx: TestContext;
  const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-cmd-media-'));
  beforeAll(async () => {
    ctx = await createTestContext({ MEDIA_ROOT: mediaRoot });
    await ctx.db.prisma.document.create({ data: { title: 'Doc', slug: 'doc', content: '![](/media/markdownx/kept.png)' } });
    for (const key of ['markdownx/kept.png', 'markdownx/orphan.png'])
      await ctx.storage.put(key, Buffer.from(key), { contentType: 'image/png' });
  });
  afterAll(async () => {
    await ctx?.database.destroy();
    fs.rmSync(mediaRoot, { recursive: true, force: true });
  });

  it('rejects unknown options', async () => {
    const result = await command('clean-media', ['--bogus']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Unknown option '--bogus'");
  });

  it('lists in a dry run, then deletes exactly the unreferenced file', async () => {
    const env = { DATABASE_URL: ctx.database.url, MEDIA_ROOT: mediaRoot };
    const dry = await command('clean-media', ['--dry-run', '--min-age-hours', '0'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Unused media files were detected:\n  markdownx/orphan.png\nDry run: 1 unused media file(s) would be removed.',
    );
    expect(fs.existsSync(path.join(mediaRoot, 'markdownx/orphan.png'))).toBe(true);
    const recent = await command('clean-media', [], env);
    expect(recent.stdout).toContain('Unused but younger than 24 h, kept:\n  markdownx/orphan.png');
    const real = await command('clean-media', ['--min-age-hours', '0'], env);
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Removed 1 unused media file(s).');
    expect(fs.existsSync(path.join(mediaRoot, 'markdownx/orphan.png'))).toBe(false);
    expect(fs.existsSync(path.join(mediaRoot, 'markdownx/kept.png'))).toBe(true);
  }, 120_000);
});
