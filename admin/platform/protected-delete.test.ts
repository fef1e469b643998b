// A delete the database refuses (a row of a table outside the schema still references the
// record, through a foreign key without ON DELETE action, as Django made them): the
// confirmation says so, the delete says why in French, deletes nothing (bulk: none of the
// selection), shows no success and writes no history (docs/admin.md#resources). The Django
// tables a takeover keeps delete their rows with the user (docs/decisions.md#taking-over-the-django-database).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from 'supertest';
import { createAdminTestApp, createStaff, loginAgent, type AdminTestApp } from '../test/test-support.ts';
import { createUser } from '../../server/test/actors.ts';
import { readMigrations } from '../../server/platform/migrate.ts';

let t: AdminTestApp;
let agent: Agent;

beforeAll(async () => {
  t = await createAdminTestApp();
  const admin = await createStaff(t.ctx, { isSuperuser: true });
  agent = await loginAgent(t.app, admin.email);
  const { prisma } = t.ctx.db;
  // Checked at once, and checked at commit (Django's DEFERRABLE INITIALLY DEFERRED keys).
  await prisma.$executeRawUnsafe(
    `CREATE TABLE legacy_school_note (id serial PRIMARY KEY, school_id varchar(8) REFERENCES tutoring_school (uai_code))`,
  );
  await prisma.$executeRawUnsafe(
    `CREATE TABLE legacy_place_note (id serial PRIMARY KEY, place_id int REFERENCES visits_place (id) DEFERRABLE INITIALLY DEFERRED)`,
  );
});
afterAll(async () => {
  await t.ctx.database.destroy();
});

const history = () => t.ctx.db.prisma.adminLogEntry.count();

describe('a record that another table protects', () => {
  it('its confirmation says it cannot be deleted; its delete says why and deletes nothing', async () => {
    const { prisma } = t.ctx.db;
    await prisma.school.create({ data: { uaiCode: '0910715Y', name: 'Lycée Claudel' } });
    await prisma.school.create({ data: { uaiCode: '0910716Z', name: 'Lycée Curie' } });
    await prisma.$executeRawUnsafe(`INSERT INTO legacy_school_note (school_id) VALUES ('0910715Y')`);

    const confirmation = await agent.get('/api/resources/School/records/0910715Y/delete');
    expect(confirmation.body.record.protectedBy).toEqual(['1 ligne de la table legacy_school_note']);
    expect((await agent.get('/api/resources/School/records/0910716Z/delete')).body.record.protectedBy).toEqual([]);

    const before = await history();
    const refused = await agent.post('/api/resources/School/records/0910715Y/delete');
    expect(refused.status).toBe(200);
    expect(refused.body.notice).toEqual({
      type: 'error',
      message:
        "Impossible de supprimer l'objet lycée « Lycée Claudel » car cela nécessiterait de supprimer les objets protégés suivants : 1 ligne de la table legacy_school_note.",
    });
    expect(refused.body.redirectUrl).toBeUndefined();
    expect(await prisma.school.count({ where: { uaiCode: '0910715Y' } })).toBe(1);
    expect(await history()).toBe(before);

    const deleted = await agent.post('/api/resources/School/records/0910716Z/delete');
    expect(deleted.body.notice.type).toBe('success');
    expect(await prisma.school.count({ where: { uaiCode: '0910716Z' } })).toBe(0);
    expect(await history()).toBe(before + 1);
  });

  it('a bulk delete is all or nothing, also when the protected row goes in cascade (a place with its address)', async () => {
    const { prisma } = t.ctx.db;
    const free = await prisma.address.create({ data: { line1: '1 rue Libre', postCode: '75001', city: 'Paris' } });
    const held = await prisma.address.create({ data: { line1: '2 rue Tenue', postCode: '75001', city: 'Paris' } });
    await prisma.place.create({ data: { name: 'Musée libre', addressId: free.id } });
    const place = await prisma.place.create({ data: { name: 'Musée tenu', addressId: held.id } });
    await prisma.$executeRawUnsafe(`INSERT INTO legacy_place_note (place_id) VALUES (${place.id}), (${place.id})`);
    const url = `/api/resources/Address/bulk/bulkDelete?recordIds=${free.id},${held.id}`;

    const confirmation = await agent.get(url);
    const byId = new Map(confirmation.body.records.map((r: { id: number; protectedBy: string[] }) => [r.id, r.protectedBy]));
    expect(byId.get(free.id)).toEqual([]);
    expect(byId.get(held.id)).toEqual(['2 lignes de la table legacy_place_note']);

    const before = await history();
    const refused = await agent.post(url);
    expect(refused.status).toBe(200);
    expect(refused.body.notice.type).toBe('error');
    expect(refused.body.notice.message).toMatch(
      /^Impossible de supprimer la sélection car cela nécessiterait de supprimer les objets protégés suivants : « 2 rue Tenue, 75001 Paris.* » : 2 lignes de la table legacy_place_note\. Rien n'a été supprimé\.$/,
    );
    expect(refused.body.redirectUrl).toBeUndefined();
    expect(await prisma.address.count({ where: { id: { in: [free.id, held.id] } } })).toBe(2);
    expect(await prisma.place.count({ where: { name: { in: ['Musée libre', 'Musée tenu'] } } })).toBe(2);
    expect(await history()).toBe(before);

    await prisma.$executeRawUnsafe(`DELETE FROM legacy_place_note`);
    const deleted = await agent.post(url);
    expect(deleted.body.notice).toMatchObject({ type: 'success', message: 'successfullyBulkDeleted_plural' });
    expect(await prisma.address.count({ where: { id: { in: [free.id, held.id] } } })).toBe(0);
    expect(await history()).toBe(before + 2);
  });
});

describe('a user with a legacy API token (a database taken over from Django)', () => {
  it('is deleted with their token', async () => {
    const { prisma } = t.ctx.db;
    // The table as Django made it, then the migration as `npm run db:migrate` runs it on such a database.
    await prisma.$executeRawUnsafe(
      `CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL, user_id integer NOT NULL UNIQUE
         CONSTRAINT authtoken_token_user_id_35299eff_fk_users_user_id REFERENCES users_user (id) DEFERRABLE INITIALLY DEFERRED)`,
    );
    await prisma.$executeRawUnsafe(readMigrations().find((migration) => migration.name === '20261130020000_legacy_keys_cascade')!.sql);
    const user = await createUser(prisma);
    await prisma.$executeRawUnsafe(`INSERT INTO authtoken_token VALUES ('0123456789abcdef0123456789abcdef01234567', now(), ${user.id})`);

    expect((await agent.get(`/api/resources/User/records/${user.id}/delete`)).body.record.protectedBy).toEqual([]);
    const deleted = await agent.post(`/api/resources/User/records/${user.id}/delete`);
    expect(deleted.body.notice.type).toBe('success');
    expect(await prisma.user.count({ where: { id: user.id } })).toBe(0);
    expect(await prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM authtoken_token`)).toEqual([{ n: 0 }]);
  });
});
