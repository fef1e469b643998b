// A registration's address and emergency contact, edited in place on its own form (issue 5).
// The fields are virtual properties of the Registration resource: filled from the relations
// by `inlineValues` (list/show/edit), validated by a before-hook (nothing is written when a
// value is wrong), written by an after-hook once AdminJS saved the registration, so that a
// registration that fails its own validation leaves no orphan address or contact.
import type { ActionContext, ActionRequest, ActionResponse } from 'adminjs';
import type { Prisma, PrismaClient } from '@prisma/client';
import countries from 'i18n-iso-countries';
import { textOf, type PropertyDef } from '../platform/define.ts';
import type { OserResource } from '../platform/resource.ts';
import { refusal } from '../platform/prisma-errors.ts';

type Row = Record<string, unknown>;
type Errors = Record<string, { message: string }>;

const REQUIRED = 'Ce champ est obligatoire.';
const BAD_EMAIL = 'Saisissez une adresse e-mail valide.';
const BAD_COUNTRY = 'Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles.';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Virtual property → column of the related model. */
export const ADDRESS_FIELDS = {
  addressLine1: 'line1',
  addressLine2: 'line2',
  addressPostCode: 'postCode',
  addressCity: 'city',
  addressCountry: 'country',
} as const;
export const CONTACT_FIELDS = {
  contactFirstName: 'firstName',
  contactLastName: 'lastName',
  contactEmail: 'email',
  contactHomePhone: 'homePhone',
  contactMobilePhone: 'mobilePhone',
} as const;
export const INLINE_FIELDS = [...Object.keys(ADDRESS_FIELDS), ...Object.keys(CONTACT_FIELDS)];

const FORM = { list: false, show: true, edit: true, filter: false } as const;
const field = (label: string, description?: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({
  label,
  type: 'string',
  isSortable: false,
  isVisible: FORM,
  ...(description ? { description } : {}),
  ...extra,
});

/** Labels and help texts of docs/decisions.md#data-model; the country is a select (FR when left empty). */
export function inlineProperties(): Record<string, PropertyDef> {
  const countryChoices = Object.entries(countries.getNames('fr', { select: 'official' }))
    .sort(([, a], [, b]) => a.localeCompare(b, 'fr'))
    .map(([value, label]) => ({ value, label }));
  return {
    addressLine1: field('ligne 1', 'Numéro, voie, rue…'),
    addressLine2: field('ligne 2', 'Résidence, appartement, lieu-dit…'),
    addressPostCode: field('code postal', 'Code postal (format non vérifié)'),
    addressCity: field('ville', 'Ville'),
    addressCountry: field('pays', 'Pays (FR par défaut)', { availableValues: countryChoices }),
    contactFirstName: field('prénom du contact', 'Prénom du contact (50 car. max)'),
    contactLastName: field('nom du contact', 'Nom du contact (50 car. max)'),
    contactEmail: field('adresse email du contact'),
    contactHomePhone: field('téléphone fixe'),
    contactMobilePhone: field('téléphone portable'),
  };
}

/** The virtual values of a row loaded with its address and emergency contact. */
export function inlineValues(row: Row): Row {
  const values: Row = {};
  const fill = (related: unknown, fields: Record<string, string>) => {
    for (const [virtual, column] of Object.entries(fields)) values[virtual] = (related as Row | null)?.[column] ?? '';
  };
  if ('address' in row) fill(row.address, ADDRESS_FIELDS);
  if ('emergencyContact' in row) fill(row.emergencyContact, CONTACT_FIELDS);
  return values;
}

/** One related model's part of the payload: undefined when the form did not send it. */
function part(payload: Row, fields: Record<string, string>): Record<string, string> | undefined {
  if (!Object.keys(fields).some((key) => key in payload)) return undefined;
  return Object.fromEntries(Object.entries(fields).map(([virtual, column]) => [column, textOf(payload[virtual]).trim()]));
}
const blank = (values: Record<string, string>) => Object.values(values).every((value) => value === '');

interface Inline {
  address?: Record<string, string>;
  contact?: Record<string, string>;
}

/** docs/decisions.md#data-model: required parts once anything is given, ISO country, email format. */
export function inlineProblems({ address, contact }: Inline): Errors {
  const errors: Errors = {};
  if (address && !blank(address)) {
    for (const [virtual, column] of [
      ['addressLine1', 'line1'],
      ['addressPostCode', 'postCode'],
      ['addressCity', 'city'],
    ]) {
      if (!address[column!]) errors[virtual!] = { message: REQUIRED };
    }
    if (address.country && !countries.isValid(address.country.toUpperCase())) errors.addressCountry = { message: BAD_COUNTRY };
  }
  if (contact && !blank(contact)) {
    if (!contact.firstName) errors.contactFirstName = { message: REQUIRED };
    if (!contact.lastName) errors.contactLastName = { message: REQUIRED };
    if (contact.email && !EMAIL.test(contact.email)) errors.contactEmail = { message: BAD_EMAIL };
  }
  return errors;
}

/** The registration's own required columns (the database would otherwise refuse them with a 500). */
function registrationProblems(payload: Row, creating: boolean): Errors {
  const errors: Errors = {};
  for (const key of ['firstName', 'lastName', 'email']) {
    if ((creating || key in payload) && textOf(payload[key]).trim() === '') errors[key] = { message: REQUIRED };
  }
  const email = textOf(payload.email).trim();
  if (email && !EMAIL.test(email)) errors.email = { message: BAD_EMAIL };
  return errors;
}

const addressData = (a: Record<string, string>) => ({
  line1: a.line1!,
  line2: a.line2 ?? '',
  postCode: a.postCode!,
  city: a.city!,
  country: (a.country || 'FR').toUpperCase(),
});
const contactData = (c: Record<string, string>) => ({
  firstName: c.firstName!,
  lastName: c.lastName!,
  email: c.email || null,
  homePhone: c.homePhone || null,
  mobilePhone: c.mobilePhone || null,
});

/**
 * Writes the address and the contact of a saved registration, in one transaction. Present →
 * updated in place (same ids), absent → created and linked; every field emptied → unlinked
 * (the contact, one-to-one and useless alone, is deleted). An address also used by a school,
 * a place or another registration is not changed under them: the registration gets a copy.
 */
export async function saveInline(prisma: PrismaClient, registrationId: number, inline: Inline): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await tx.registration.findUniqueOrThrow({
      where: { id: registrationId },
      select: { addressId: true, emergencyContactId: true },
    });
    const link: Prisma.RegistrationUncheckedUpdateInput = {};
    let orphanContact: number | null = null;
    if (inline.address) {
      if (blank(inline.address)) link.addressId = null;
      else if (current.addressId && !(await addressShared(tx, current.addressId, registrationId))) {
        await tx.address.update({ where: { id: current.addressId }, data: addressData(inline.address) });
      } else link.addressId = (await tx.address.create({ data: addressData(inline.address) })).id;
    }
    if (inline.contact) {
      if (blank(inline.contact)) {
        link.emergencyContactId = null;
        orphanContact = current.emergencyContactId;
      } else if (current.emergencyContactId) {
        await tx.emergencyContact.update({ where: { id: current.emergencyContactId }, data: contactData(inline.contact) });
      } else link.emergencyContactId = (await tx.emergencyContact.create({ data: contactData(inline.contact) })).id;
    }
    if (Object.keys(link).length) await tx.registration.update({ where: { id: registrationId }, data: link });
    // After unlinking: deleting a linked contact would cascade to the registration.
    if (orphanContact) await tx.emergencyContact.delete({ where: { id: orphanContact } });
  });
}

async function addressShared(tx: Prisma.TransactionClient, addressId: number, registrationId: number): Promise<boolean> {
  const address = await tx.address.findUniqueOrThrow({
    where: { id: addressId },
    select: {
      school: { select: { uaiCode: true } },
      _count: { select: { places: true, registrations: { where: { id: { not: registrationId } } } } },
    },
  });
  return Boolean(address.school) || address._count.places > 0 || address._count.registrations > 0;
}

/** Before/after hooks of the registration's new and edit actions (the client comes from the resource). */
export function inlineHooks() {
  const pending = new WeakMap<object, Inline>();
  return {
    before: (request: ActionRequest, context: ActionContext): ActionRequest => {
      if (request.method !== 'post' || !request.payload) return request;
      const payload = request.payload as Row;
      const inline: Inline = { address: part(payload, ADDRESS_FIELDS), contact: part(payload, CONTACT_FIELDS) };
      const errors = { ...registrationProblems(payload, context.action.name === 'new'), ...inlineProblems(inline) };
      if (Object.keys(errors).length) throw refusal(errors);
      pending.set(context, inline);
      // The adapter writes only columns; the virtual fields leave the payload here.
      const rest = Object.fromEntries(Object.entries(payload).filter(([key]) => !INLINE_FIELDS.includes(key)));
      return { ...request, payload: rest };
    },
    after: async (response: ActionResponse, request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
      const inline = pending.get(context);
      const record = response.record as { params?: Row; errors?: Row } | undefined;
      if (request.method !== 'post' || !inline || !record?.params?.id || Object.keys(record.errors ?? {}).length) return response;
      if (!inline.address && !inline.contact) return response;
      const id = Number(record.params.id);
      // build.ts makes every resource an OserResource, which exposes its client.
      await saveInline((context.resource as OserResource).prisma, id, inline);
      // The response (and the history written next) shows what was saved.
      const fresh = await context.resource.findOne(String(id));
      if (fresh) record.params = { ...record.params, ...fresh.params };
      return response;
    },
  };
}
