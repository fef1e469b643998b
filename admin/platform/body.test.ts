// The panel's request bodies (admin/platform/body.ts): no server file copied into media from a JSON
// body, nothing parsed before the login check, limits with 413, temporary files removed, and
// uploads checked by their bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'supertest';
import { createAdminTestApp, createStaff, grant, loginAgent, type AdminTestApp } from '../test/test-support.ts';
import { createVisit } from '../../server/test/visit-factories.ts';

// Formidable writes into os.tmpdir(): a folder of this file's own, to see what is left in it.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-body-test-'));
process.env.TMPDIR = tmp;
const mediaRoot = fs.mkdtempSync(path.join(tmp, 'media-'));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000', 'hex'), Buffer.alloc(400)]);
const MB = 1024 * 1024;

let t: AdminTestApp;
let editor: Agent;
let visitId: number;

/** Upload files left in the temporary folder: formidable's `upload_*` and ours. */
function leftovers(): string[] {
  const own = path.join(tmp, 'oser-panel-uploads');
  const ours = fs.existsSync(own) ? fs.readdirSync(own, { recursive: true }).map(String) : [];
  return [...fs.readdirSync(tmp).filter((name) => name.startsWith('upload_')), ...ours];
}

/** Every file stored in media. */
function media(): string[] {
  return fs
    .readdirSync(mediaRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);
}

beforeAll(async () => {
  t = await createAdminTestApp({ MEDIA_ROOT: mediaRoot });
  const staff = await createStaff(t.ctx);
  await grant(t.ctx, staff.id, 'visits.change_visit');
  editor = await loginAgent(t.app, staff.email);
  visitId = (await createVisit(t.ctx.db.prisma, { title: 'Sortie' })).id;
});
afterAll(async () => {
  await t.ctx.database.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const visitFiles = () =>
  t.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId }, select: { image: true, factSheet: true, permission: true } });

describe('files only from a real upload of the request', () => {
  it('refuses a JSON body naming a server file: nothing copied into media', async () => {
    const response = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ title: 'Sortie', factSheet: { path: '/etc/passwd', size: 100, name: 'notes.txt', type: 'text/plain' } }));
    expect(response.status).toBe(400);
    expect(response.body.detail).toMatch(/multipart\/form-data/);
    expect(media()).toEqual([]);
    expect(await visitFiles()).toEqual({ image: null, factSheet: null, permission: null });
  });

  it('ignores file-like text fields of a multipart body (flattened as AdminJS does)', async () => {
    const response = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .field('factSheet.path', '/etc/passwd')
      .field('factSheet.size', '100')
      .field('factSheet.name', 'notes.txt')
      .field('factSheet.type', 'text/plain')
      .field('image', '/etc/passwd');
    expect(response.status).toBeLessThan(500);
    expect(media()).toEqual([]);
    expect(await visitFiles()).toEqual({ image: null, factSheet: null, permission: null });
  });

  it('refuses an .exe renamed photo.jpg on its field, in French, and stores nothing', async () => {
    const response = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('image', EXE, { filename: 'photo.jpg', contentType: 'image/jpeg' })
      .attach('factSheet', EXE, { filename: 'fiche.pdf', contentType: 'application/pdf' });
    expect(response.body.record.errors.image.message).toMatch(/^Téléversez une image valide/);
    expect(response.body.record.errors.factSheet.message).toBe("Le fichier n'est pas un PDF valide.");
    expect(media()).toEqual([]);
    expect(await visitFiles()).toEqual({ image: null, factSheet: null, permission: null });
    const markdown = await loginAgent(t.app, (await createStaff(t.ctx, { isSuperuser: true })).email);
    const upload = await markdown
      .post('/uploads/markdown-image')
      .attach('image', EXE, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(upload.status).toBe(400);
    expect(upload.body.image[0]).toMatch(/^Téléversez une image valide/);
    expect(media()).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('stores a real upload and removes its temporary file after the response', async () => {
    const response = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('image', PNG, { filename: 'affiche.png', contentType: 'image/png' });
    expect(response.body.record.errors).toEqual({});
    expect((await visitFiles()).image).toMatch(/^visits\/images\/affiche_/);
    expect(media()).toHaveLength(1);
    await expect.poll(leftovers).toEqual([]);
  });
});

describe('bodies parsed only after the login check, within limits', () => {
  it('an anonymous 40 MB JSON body is refused without being parsed', async () => {
    // Not even valid JSON: parsing it would answer 400 (or 500); unread, it is the login page.
    const body = '['.repeat(40 * MB);
    const response = await request(t.app).post('/api/resources/Visit/records/1/edit').set('Content-Type', 'application/json').send(body);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login');
    const other = await request(t.app).post('/anything').set('Content-Type', 'application/json').send(body);
    expect(other.status).toBe(302);
  });

  it('an anonymous 20 MB multipart body leaves no file behind', async () => {
    const response = await request(t.app)
      .post('/anything')
      .attach('file', Buffer.alloc(20 * MB, 7), 'big.bin');
    expect(response.status).toBe(302);
    expect(leftovers()).toEqual([]);
  });

  it('staff bodies: 413 above 1 MB of fields, above the file limit or with too many files; nothing left', async () => {
    const stored = media().length;
    const json = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ title: 'x'.repeat(MB + 10) }));
    expect(json.status).toBe(413);
    const fields = await editor.post(`/api/resources/Visit/records/${visitId}/edit`).field('title', 'x'.repeat(MB + 10));
    expect(fields.status).toBe(413);
    const big = await editor
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('factSheet', Buffer.alloc(51 * MB, 1), 'fiche.bin');
    expect(big.status).toBe(413);
    expect(big.body.detail).toMatch(/trop volumineuse/);
    let many = editor.post(`/api/resources/Visit/records/${visitId}/edit`);
    for (let i = 0; i < 4; i += 1) many = many.attach(`file${i}`, PNG, `f${i}.png`);
    expect((await many).status).toBe(413);
    expect(media()).toHaveLength(stored);
    await expect.poll(leftovers).toEqual([]);
  });

  it('the login form still works, and takes no file', async () => {
    const staff = await createStaff(t.ctx);
    await loginAgent(t.app, staff.email);
    const multipart = await request(t.app).post('/login').field('email', staff.email).attach('file', PNG, 'a.png');
    expect(multipart.status).not.toBe(302);
    expect(leftovers()).toEqual([]);
  });
});
