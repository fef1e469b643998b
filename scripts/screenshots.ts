// `npm run docs:screenshots`: the panel's pictures in the README (docs/admin-*.png), taken in
// the chromium the browser tests drive, on a scratch copy of the original's data taken over as
// `npm run db:takeover` does: the dashboard, a visit with its participants, a refused save.
// The data live in an in-memory embedded PostgreSQL (PGlite), gone when the command ends.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import sharp from 'sharp';
import { createApp } from '../server/app.ts';
import { parseConfig } from '../server/platform/config.ts';
import { connectDatabase } from '../server/platform/db.ts';
import { createStorage } from '../server/platform/storage.ts';
import { projectRoot } from '../server/platform/paths.ts';
import { runTakeover } from '../server/takeover/service.ts';
import { startEmbeddedPostgres } from '../server/platform/embedded-postgres.ts';
import { loadDump, readFixture } from '../server/test/legacy-dump.ts';
import { createAdminRouter } from '../admin/index.ts';
import { openPanelBrowser } from '../admin/test/browser-support.ts';

// The fixture's superuser and password (shared/fixtures README, copied in server/takeover/fixtures).
const ADMIN = { email: 'admin@oser-cs.fr', password: 'oser-pass-1234' };
const DOCS = path.join(projectRoot, 'docs');

/** A PNG of 256 colours: a few tens of kB for a page of the panel. */
async function save(name: string, png: Buffer) {
  const file = path.join(DOCS, name);
  await sharp(png).png({ palette: true, colours: 256, compressionLevel: 9, effort: 10 }).toFile(file);
  console.log(`${path.relative(projectRoot, file)} (${Math.round(fs.statSync(file).size / 1024)} kB)`);
}

/**
 * The fixture holds the original's database, not its media: stand-in pictures for the files
 * visit `id` shows (its illustration, the images of its Markdown), so that no picture is broken.
 */
async function placeholderMedia(ctx: { db: ReturnType<typeof connectDatabase>; storage: ReturnType<typeof createStorage> }, id: number) {
  const [visit] = await ctx.db.query<{ image: string | null; description: string; place: string | null }>(
    `SELECT v.image, v.description, p.description AS place FROM visits_visit v LEFT JOIN visits_place p ON p.id = v.place_id WHERE v.id = $1`,
    [id],
  );
  if (!visit) return;
  const markdownImages = [visit.description, visit.place ?? ''].flatMap((text) =>
    [...text.matchAll(/\/media\/([^)\s"]+\.(?:png|jpe?g))/g)].map((match) => match[1]!),
  );
  for (const key of [visit.image, ...markdownImages].filter((key): key is string => Boolean(key))) {
    const jpeg = !key.endsWith('.png');
    const picture = sharp({ create: { width: 480, height: 270, channels: 3, background: '#8aa2d1' } });
    await ctx.storage.put(key, await (jpeg ? picture.jpeg() : picture.png()).toBuffer(), {
      contentType: jpeg ? 'image/jpeg' : 'image/png',
    });
  }
}

async function main() {
  const scratch = await startEmbeddedPostgres();
  const config = parseConfig({
    NODE_ENV: 'test',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    MEDIA_ROOT: fs.mkdtempSync(path.join(os.tmpdir(), 'oser-screenshots-media-')),
  });
  const ctx = {
    config,
    db: connectDatabase(scratch.url, { poolSize: 3 }),
    logger: pino({ level: 'silent' }),
    storage: createStorage(config),
  };
  try {
    await loadDump(scratch.url, readFixture());
    const takeover = await runTakeover({ databaseUrl: scratch.url });
    if (takeover.outcome !== 'taken-over') throw new Error(`takeover: ${takeover.outcome}`);
    await placeholderMedia(ctx, 2);
    const panel = await openPanelBrowser(createApp(ctx, await createAdminRouter(ctx)));
    try {
      const page = await panel.newPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await panel.login(page, ADMIN.email, ADMIN.password);
      await page.getByTestId('dashboard').waitFor();
      await page.waitForLoadState('networkidle');
      await save('admin-dashboard.png', await page.screenshot());

      // « Visite du Palais de la Découverte » and its participants (the fixture's visit 2).
      await page.goto(`${panel.base}/resources/Visit/records/2/show`);
      const participants = page.getByTestId('related-Participation');
      await participants.locator('tbody tr').first().waitFor();
      await participants.getByText('Décisions et présences groupées').scrollIntoViewIfNeeded();
      await page.waitForLoadState('networkidle');
      await save('admin-visit-participants.png', await page.screenshot());

      // A user whose email exists in another case: refused on its field.
      await page.goto(`${panel.base}/resources/User/actions/new`);
      await page.fill('[name="email"]', 'ADMIN@oser-cs.fr');
      await page.fill('[name="newPassword"]', 'Zx9-long-enough-pass');
      await page.fill('[name="newPasswordConfirmation"]', 'Zx9-long-enough-pass');
      await page.click('[data-testid="button-save"]');
      const email = page.getByTestId('property-edit-email');
      await email.getByText(/existe déjà/).waitFor();
      await email.scrollIntoViewIfNeeded();
      await save('admin-refused-save.png', await page.screenshot());
      if (panel.problems.length) console.warn(`Pages reported problems:\n${panel.problems.join('\n')}`);
    } finally {
      await panel.close();
    }
  } finally {
    await ctx.db.close();
    await scratch.stop();
    if (config.storage.kind === 'local') fs.rmSync(config.storage.root, { recursive: true, force: true });
  }
}

await main();
