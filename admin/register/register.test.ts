// A registration's address and emergency contact edited in place on its form (issue 5):
// created and linked with the registration, updated in place, validated before anything is
// written, shown on the record page, recorded in the history.
import { describe, expect, it } from 'vitest';
import { useSuperuserPanel } from '../test/test-support.ts';

const panel = useSuperuserPanel();

const ADDRESS = {
  addressLine1: '3 Rue Joliot Curie',
  addressLine2: 'Bâtiment B',
  addressPostCode: '91190',
  addressCity: 'Gif-sur-Yvette',
  addressCountry: 'FR',
};
const CONTACT = {
  contactFirstName: 'Marie',
  contactLastName: 'Curie',
  contactEmail: 'marie@example.org',
  contactHomePhone: '01 23 45 67 89',
  contactMobilePhone: '',
};

function post(path: string, fields: Record<string, string>) {
  let req = panel.agent.post(`/api/resources/Registration/${path}`);
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return req;
}

async function counts() {
  const { prisma } = panel.ctx.db;
  return {
    registrations: await prisma.registration.count(),
    addresses: await prisma.address.count(),
    contacts: await prisma.emergencyContact.count(),
  };
}

async function createRegistration(email: string) {
  const response = await post('actions/new', { firstName: 'Luc', lastName: 'Lycéen', email, ...ADDRESS, ...CONTACT });
  expect(response.body.record.errors).toEqual({});
  return panel.ctx.db.prisma.registration.findFirstOrThrow({ where: { email }, include: { address: true, emergencyContact: true } });
}

describe('registration form with its address and emergency contact', () => {
  it('creates the address and the contact with the registration, linked', async () => {
    const registration = await createRegistration('luc@example.org');
    expect(registration.address).toMatchObject({
      line1: '3 Rue Joliot Curie',
      line2: 'Bâtiment B',
      postCode: '91190',
      city: 'Gif-sur-Yvette',
      country: 'FR',
    });
    expect(registration.emergencyContact).toMatchObject({
      firstName: 'Marie',
      lastName: 'Curie',
      email: 'marie@example.org',
      homePhone: '01 23 45 67 89',
      mobilePhone: null,
    });
  });

  it('the country defaults to FR, the contact stays absent when none is given', async () => {
    const response = await post('actions/new', {
      firstName: 'Léa',
      lastName: 'Lycéenne',
      email: 'lea@example.org',
      ...ADDRESS,
      addressCountry: '',
    });
    expect(response.body.record.errors).toEqual({});
    const registration = await panel.ctx.db.prisma.registration.findFirstOrThrow({
      where: { email: 'lea@example.org' },
      include: { address: true },
    });
    expect(registration.address?.country).toBe('FR');
    expect(registration.emergencyContactId).toBeNull();
  });

  it('updates the address and the contact in place (same ids), with a history entry', async () => {
    const before = await createRegistration('edit@example.org');
    const response = await post(`records/${before.id}/edit`, {
      ...ADDRESS,
      addressCity: 'Orsay',
      ...CONTACT,
      contactMobilePhone: '06 11 22 33 44',
    });
    expect(response.body.record.errors).toEqual({});
    expect(response.body.record.params).toMatchObject({ addressCity: 'Orsay', contactMobilePhone: '06 11 22 33 44' });
    const after = await panel.ctx.db.prisma.registration.findUniqueOrThrow({
      where: { id: before.id },
      include: { address: true, emergencyContact: true },
    });
    expect(after.addressId).toBe(before.addressId);
    expect(after.emergencyContactId).toBe(before.emergencyContactId);
    expect(after.address?.city).toBe('Orsay');
    expect(after.emergencyContact?.mobilePhone).toBe('06 11 22 33 44');
    const entry = await panel.ctx.db.prisma.adminLogEntry.findFirstOrThrow({
      where: { objectId: String(before.id), actionFlag: 2 },
      orderBy: { id: 'desc' },
    });
    expect(JSON.parse(entry.changeMessage)[0].changed.fields).toEqual(expect.arrayContaining(['ville', 'téléphone portable']));
  });

  it('an address shared with a school is not changed under it: the registration gets its own', async () => {
    const { prisma } = panel.ctx.db;
    const shared = await prisma.address.create({ data: { line1: '1 Place du Lycée', postCode: '75005', city: 'Paris' } });
    await prisma.school.create({ data: { uaiCode: '0750001A', name: 'Lycée Z', addressId: shared.id } });
    const registration = await prisma.registration.create({
      data: { firstName: 'Zoé', lastName: 'Z', email: 'zoe@example.org', addressId: shared.id },
    });
    const response = await post(`records/${registration.id}/edit`, { ...ADDRESS });
    expect(response.body.record.errors).toEqual({});
    expect((await prisma.address.findUniqueOrThrow({ where: { id: shared.id } })).city).toBe('Paris');
    const after = await prisma.registration.findUniqueOrThrow({ where: { id: registration.id }, include: { address: true } });
    expect(after.addressId).not.toBe(shared.id);
    expect(after.address?.city).toBe('Gif-sur-Yvette');
  });

  it('every field emptied: the registration loses its address and contact (the contact row goes)', async () => {
    const before = await createRegistration('empty@example.org');
    const empty = Object.fromEntries([...Object.keys(ADDRESS), ...Object.keys(CONTACT)].map((key) => [key, '']));
    const response = await post(`records/${before.id}/edit`, empty);
    expect(response.body.record.errors).toEqual({});
    const after = await panel.ctx.db.prisma.registration.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ addressId: null, emergencyContactId: null });
    expect(await panel.ctx.db.prisma.emergencyContact.count({ where: { id: before.emergencyContactId! } })).toBe(0);
  });

  it('invalid values: errors on those fields, nothing written', async () => {
    const existing = await createRegistration('invalid@example.org');
    const start = await counts();
    const created = await post('actions/new', {
      firstName: 'Bad',
      lastName: 'Values',
      email: 'bad@example.org',
      ...ADDRESS,
      addressCity: '',
      addressCountry: 'XX',
      ...CONTACT,
      contactEmail: 'pas-un-email',
      contactLastName: '',
    });
    expect(created.body.record.errors).toMatchObject({
      addressCity: { message: 'Ce champ est obligatoire.' },
      addressCountry: { message: expect.stringContaining('Sélectionnez un choix valide') },
      contactEmail: { message: 'Saisissez une adresse e-mail valide.' },
      contactLastName: { message: 'Ce champ est obligatoire.' },
    });
    expect(Object.keys(created.body.record.errors).sort()).toEqual(['addressCity', 'addressCountry', 'contactEmail', 'contactLastName']);
    const edited = await post(`records/${existing.id}/edit`, {
      firstName: 'Changé',
      ...ADDRESS,
      addressPostCode: '',
      ...CONTACT,
      contactEmail: 'x@',
    });
    expect(Object.keys(edited.body.record.errors).sort()).toEqual(['addressPostCode', 'contactEmail']);
    expect(await counts()).toEqual(start);
    const unchanged = await panel.ctx.db.prisma.registration.findUniqueOrThrow({
      where: { id: existing.id },
      include: { address: true, emergencyContact: true },
    });
    expect(unchanged.firstName).toBe('Luc');
    expect(unchanged.address).toEqual(existing.address);
    expect(unchanged.emergencyContact).toEqual(existing.emergencyContact);
  });

  it('a registration missing its own required fields leaves no address or contact behind', async () => {
    const start = await counts();
    const response = await post('actions/new', { firstName: 'Sans', ...ADDRESS, ...CONTACT });
    expect(response.body.record.errors).toEqual({
      lastName: { message: 'Ce champ est obligatoire.' },
      email: { message: 'Ce champ est obligatoire.' },
    });
    expect(await counts()).toEqual(start);
  });

  it('show and edit return the virtual fields', async () => {
    const registration = await createRegistration('show@example.org');
    for (const action of ['show', 'edit']) {
      const response = await panel.agent.get(`/api/resources/Registration/records/${registration.id}/${action}`);
      expect(response.status).toBe(200);
      expect(response.body.record.params).toMatchObject({ ...ADDRESS, ...CONTACT });
    }
  });
});
