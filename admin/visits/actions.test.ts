// Actions beyond the Django admin: accept / reject (emails queued once), presence, CSV
// export, visit files through the storage module, Markdown images.
import fs from 'node:fs';
import sharp from 'sharp';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, grant, loginAgent, useSuperuserPanel } from '../test/test-support.ts';
import { createVisit } from '../../server/test/visit-factories.ts';
import { createUser, TEST_PASSWORD } from '../../server/test/actors.ts';
import { cleanMedia } from '../../server/core/clean-media.ts';

const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-admin-media-'));
const panel = useSuperuserPanel({ MEDIA_ROOT: mediaRoot, MAILS_ENABLED: 'true' });
let visitId: number;
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

beforeAll(async () => {
  visitId = (await createVisit(panel.ctx.db.prisma, { title: 'Visite "spéciale"' })).id;
});
afterAll(() => fs.rmSync(mediaRoot, { recursive: true, force: true }));

async function participant(firstName = 'Zoé') {
  const user = await createUser(panel.ctx.db.prisma, { firstName, lastName: '=cmd' });
  return panel.ctx.db.prisma.participation.create({ data: { userId: user.id, visitId } });
}
const outbox = (email: string) => panel.ctx.db.prisma.outboxMessage.findMany({ where: { recipients: { has: email } } });

describe('accept / reject participations', () => {
  it('accepts one participation and queues one email; accepting again queues nothing', async () => {
    const p = await participant();
    const email = (await panel.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: p.userId! } })).email;
    const response = await panel.agent.post(`/api/resources/Participation/records/${p.id}/accept`);
    expect(response.status).toBe(200);
    expect(response.body.notice.type).toBe('success');
    expect((await panel.ctx.db.prisma.participation.findUniqueOrThrow({ where: { id: p.id } })).accepted).toBe(true);
    expect(await outbox(email)).toHaveLength(1);
    await panel.agent.post(`/api/resources/Participation/records/${p.id}/accept`);
    expect(await outbox(email)).toHaveLength(1);
    const history = await panel.agent.get(`/api/resources/Participation/records/${p.id}/history`);
    expect(history.body.entries[0].message).toBe('Action « Accepter ».');
  });

  it('rejects in bulk, one email per changed participation', async () => {
    const a = await participant();
    const b = await participant();
    const response = await panel.agent.post(`/api/resources/Participation/bulk/bulkReject?recordIds=${a.id},${b.id}`);
    expect(response.status).toBe(200);
    const rows = await panel.ctx.db.prisma.participation.findMany({ where: { id: { in: [a.id, b.id] } } });
    expect(rows.map((row) => row.accepted)).toEqual([false, false]);
    const messages = await panel.ctx.db.prisma.outboxMessage.findMany({ where: { notification: 'rejected' } });
    expect(messages.length).toBeGreaterThanOrEqual(2);
  });

  it('the edit form queues the email only when `accepted` changes', async () => {
    const p = await participant();
    const email = (await panel.ctx.db.prisma.user.findUniqueOrThrow({ where: { id: p.userId! } })).email;
    const first = await panel.agent.post(`/api/resources/Participation/records/${p.id}/edit`).field('present', 'true');
    expect(await outbox(email)).toHaveLength(0);
    expect(first.body.notice.message).toBe('successfullyUpdated');
    // The form says what the decision did.
    const decided = await panel.agent.post(`/api/resources/Participation/records/${p.id}/edit`).field('accepted', 'true');
    expect(await outbox(email)).toHaveLength(1);
    expect(decided.body.notice).toEqual({ message: 'Participation enregistrée (acceptée) ; 1 e-mail mis en file.', type: 'success' });
    const again = await panel.agent
      .post(`/api/resources/Participation/records/${p.id}/edit`)
      .field('accepted', 'true')
      .field('present', 'false');
    expect(await outbox(email)).toHaveLength(1);
    expect(again.body.notice.message).toBe('successfullyUpdated');
  });

  it('marks presence in bulk', async () => {
    const p = await participant();
    await panel.agent.post(`/api/resources/Participation/bulk/markPresent?recordIds=${p.id}`);
    expect((await panel.ctx.db.prisma.participation.findUniqueOrThrow({ where: { id: p.id } })).present).toBe(true);
  });
});

describe('CSV export of the participants', () => {
  it('lists every participant with accepted/present, formulas neutralised', async () => {
    const response = await panel.agent.get(`/exports/visits/${visitId}/participants.csv`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain(`participants-sortie-${visitId}.csv`);
    const lines = response.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('"Prénom";"Nom";"Adresse électronique";"Téléphone";"Accepté";"Présent"');
    expect(lines.length).toBe(1 + (await panel.ctx.db.prisma.participation.count({ where: { visitId } })));
    expect(lines[1]).toContain(`"'=cmd"`);
    expect(lines[1]).toContain('"oui"');
    expect((await request(panel.app).get(`/exports/visits/${visitId}/participants.csv`)).status).toBe(302);
  });
});

describe('visit files', () => {
  it('uploads an image and a fact sheet, shows their URLs, replaces and removes them', async () => {
    const created = await panel.agent
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('image', PNG, { filename: 'affiche été.png', contentType: 'image/png' })
      .attach('factSheet', Buffer.from('%PDF-1.4 fiche'), { filename: 'fiche.pdf', contentType: 'application/pdf' });
    expect(created.body.record.errors).toEqual({});
    const visit = await panel.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId } });
    expect(visit.image).toMatch(/^visits\/images\/affiche_ete_[A-Za-z0-9]{7}\.png$/);
    expect(visit.factSheet).toMatch(/^visits\/fact_sheets\/fiche_[A-Za-z0-9]{7}\.pdf$/);
    expect(fs.readFileSync(path.join(mediaRoot, visit.image!))).toEqual(PNG);
    const shown = await panel.agent.get(`/api/resources/Visit/records/${visitId}/show`);
    expect(shown.body.record.params.imageUrl).toBe(`/media/${visit.image}`);
    // Not an image: refused, nothing stored.
    const bad = await panel.agent
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('image', Buffer.from('hello'), { filename: 'x.png', contentType: 'text/plain' });
    expect(bad.body.record.errors.image.message).toBeTruthy();
    // Replace the image: the old file stays for the nightly cleanup (docs/admin.md#files).
    await panel.agent
      .post(`/api/resources/Visit/records/${visitId}/edit`)
      .attach('image', PNG, { filename: 'nouvelle.png', contentType: 'image/png' });
    const replaced = await panel.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId } });
    expect(replaced.image).not.toBe(visit.image);
    expect(fs.existsSync(path.join(mediaRoot, visit.image!))).toBe(true);
    // Remove the fact sheet.
    await panel.agent.post(`/api/resources/Visit/records/${visitId}/edit`).field('factSheet', '__FORM_VALUE_NULL__');
    const cleared = await panel.ctx.db.prisma.visit.findUniqueOrThrow({ where: { id: visitId } });
    expect(cleared.factSheet).toBeNull();
    expect(cleared.image).toBe(replaced.image);
    // The cleanup then deletes the two files no row references, and keeps the current image.
    await cleanMedia(panel.ctx.db.prisma, panel.ctx.storage, { minAgeMs: 0 });
    expect(fs.existsSync(path.join(mediaRoot, visit.image!))).toBe(false);
    expect(fs.existsSync(path.join(mediaRoot, visit.factSheet!))).toBe(false);
    expect(fs.existsSync(path.join(mediaRoot, replaced.image!))).toBe(true);
  });

  it('Markdown editor: uploads an image for staff only and answers its Markdown reference', async () => {
    const response = await panel.agent
      .post('/uploads/markdown-image')
      .attach('image', PNG, { filename: 'photo.png', contentType: 'image/png' });
    expect(response.status).toBe(201);
    expect(response.body.key).toMatch(/^markdownx\//);
    expect(response.body.markdown).toBe(`![](${response.body.url})`);
    expect(fs.existsSync(path.join(mediaRoot, response.body.key))).toBe(true);
    expect((await request(panel.app).post('/uploads/markdown-image').attach('image', PNG, 'p.png')).status).toBe(302);
    const noRights = await loginAgent(panel.app, (await createStaff(panel.ctx)).email);
    expect((await noRights.post('/uploads/markdown-image').attach('image', PNG, 'p.png')).status).toBe(403);
  });

  it('Markdown editor: whoever may write one resource with a Markdown field may add images, and no one else', async () => {
    const upload = async (...perms: string[]) => {
      const staff = await createStaff(panel.ctx);
      await grant(panel.ctx, staff.id, ...perms);
      const staffAgent = await loginAgent(panel.app, staff.email);
      return (await staffAgent.post('/uploads/markdown-image').attach('image', PNG, { filename: 'p.png', contentType: 'image/png' }))
        .status;
    };
    expect(await upload('core.change_document')).toBe(201);
    expect(await upload('visits.add_place')).toBe(201);
    expect(await upload('visits.change_visit')).toBe(201);
    expect(await upload('visits.view_visit', 'visits.change_participation', 'users.change_user')).toBe(403);
  });

  it('Markdown editor: a large image is shrunk to fit 500×500 as the original did, a small one kept', async () => {
    const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3366aa' } })
      .jpeg({ quality: 100 })
      .toBuffer();
    const large = await panel.agent
      .post('/uploads/markdown-image')
      .attach('image', photo, { filename: 'grande.jpg', contentType: 'image/jpeg' });
    expect(large.status).toBe(201);
    const stored = await sharp(path.join(mediaRoot, large.body.key)).metadata();
    expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 500, 333]);
    const icon = await sharp({ create: { width: 120, height: 40, channels: 4, background: '#ff000080' } })
      .png()
      .toBuffer();
    const small = await panel.agent
      .post('/uploads/markdown-image')
      .attach('image', icon, { filename: 'petite.png', contentType: 'image/png' });
    expect(small.status).toBe(201);
    const kept = await sharp(path.join(mediaRoot, small.body.key)).metadata();
    expect([kept.format, kept.width, kept.height]).toEqual(['png', 120, 40]);
    // Bytes that start like a PNG but are not one: refused, nothing stored.
    const broken = Buffer.concat([icon.subarray(0, 64), Buffer.alloc(4096, 7)]);
    const refused = await panel.agent
      .post('/uploads/markdown-image')
      .attach('image', broken, { filename: 'cassee.png', contentType: 'image/png' });
    expect(refused.status).toBe(400);
    expect(refused.body.image).toEqual([expect.stringContaining('image valide')]);
    expect(fs.readdirSync(path.join(mediaRoot, 'markdownx')).filter((name) => name.startsWith('cassee'))).toEqual([]);
  });
});

describe('own password', () => {
  it('a staff member changes their own password after giving the current one', async () => {
    const user = await createStaff(panel.ctx);
    const own = await loginAgent(panel.app, user.email);
    const wrong = await own
      .post('/account/password')
      .type('form')
      .send({ currentPassword: 'nope', newPassword: 'court', confirmation: 'autre' });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.body).sort()).toEqual(['confirmation', 'currentPassword', 'newPassword']);
    const ok = await own
      .post('/account/password')
      .type('form')
      .send({ currentPassword: TEST_PASSWORD, newPassword: 'nouveau-secret-solide', confirmation: 'nouveau-secret-solide' });
    expect(ok.status).toBe(200);
    await loginAgent(panel.app, user.email, 'nouveau-secret-solide');
    expect((await request(panel.app).post('/account/password').type('form').send({})).status).toBe(302);
  });
});
