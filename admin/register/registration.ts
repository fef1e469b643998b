// Inscriptions: the registrations, with their address and emergency contact edited in place
// (docs/decisions.md#data-model, docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import { addressTitle } from '../core/address.ts';
import { inlineHooks, inlineProperties, inlineValues } from './inline.ts';
import { NAV, TITLE_PROPERTY, DATE_CHOICES, dateRange, searchOver, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

function registrationTitle(row: Row): string {
  const submitted = row.submitted instanceof Date ? row.submitted.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }) : '';
  return `${textOf(row.firstName)} ${textOf(row.lastName)} (${submitted})`;
}

export function registrationResource(ctx: Pick<AppContext, 'now'>): ResourceDef {
  const inline = inlineHooks();
  return {
    model: 'Registration',
    label: "Dossiers d'inscription",
    singular: "dossier d'inscription",
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: "dossier d'inscription", isVisible: false },
      firstName: { label: 'prénom', description: 'Prénom du lycéen (50 car. max)' },
      lastName: { label: 'nom', description: 'Nom du lycéen (50 car. max)' },
      email: { label: 'adresse email', description: 'Email personnel du lycéen, doit être valide' },
      phone: { label: 'téléphone', description: 'Téléphone du lycéen (30 car. max, format non vérifié)' },
      dateOfBirth: { label: 'date de naissance', type: 'date', description: 'Date de naissance du lycéen' },
      address: { label: 'adresse', description: 'Adresse du lycéen' },
      school: { label: 'lycée', description: 'Lycée du lycéen' },
      grade: { label: 'classe', description: 'Classe / filière (texte libre)' },
      emergencyContact: { label: "contact d'urgence", description: 'Contact en cas d’urgence' },
      submitted: { label: 'envoyé le', isDisabled: true, description: "Date d'envoi du dossier" },
      validated: { label: 'validé', description: 'Cocher pour valider le dossier (donne accès au profil complet)' },
      addressDetails: {
        label: 'adresse complète',
        type: 'string',
        isSortable: false,
        isVisible: { list: false, show: true, edit: false, filter: false },
      },
      emergencyContactDetails: {
        label: "coordonnées du contact d'urgence",
        type: 'string',
        isSortable: false,
        isVisible: { list: false, show: true, edit: false, filter: false },
      },
      ...inlineProperties(),
      period: {
        label: 'envoyé le (période)',
        type: 'string',
        availableValues: DATE_CHOICES,
        isVisible: { list: false, show: false, edit: false, filter: true },
      },
    },
    options: {
      navigation: NAV.register,
      listProperties: ['lastName', 'firstName', 'school', 'grade', 'submitted', 'validated'],
      filterProperties: ['period', 'submitted', 'school', 'grade', 'validated'],
      // The address and the contact are edited in place (inline.ts), not picked.
      editProperties: [
        'firstName',
        'lastName',
        'email',
        'phone',
        'dateOfBirth',
        'school',
        'grade',
        'validated',
        'addressLine1',
        'addressLine2',
        'addressPostCode',
        'addressCity',
        'addressCountry',
        'contactFirstName',
        'contactLastName',
        'contactEmail',
        'contactHomePhone',
        'contactMobilePhone',
      ],
      showProperties: [
        'firstName',
        'lastName',
        'email',
        'phone',
        'dateOfBirth',
        'school',
        'grade',
        'submitted',
        'validated',
        'address',
        'addressLine1',
        'addressLine2',
        'addressPostCode',
        'addressCity',
        'addressCountry',
        'emergencyContact',
        'contactFirstName',
        'contactLastName',
        'contactEmail',
        'contactHomePhone',
        'contactMobilePhone',
      ],
      actions: { new: { before: [inline.before], after: [inline.after] }, edit: { before: [inline.before], after: [inline.after] } },
      sort: { sortBy: 'submitted', direction: 'desc' },
    },
    title: registrationTitle,
    extras: {
      dateFields: ['dateOfBirth'],
      // The address and the emergency contact, readable on the registration's own page and
      // filling the inline fields of its form.
      include: { address: true, emergencyContact: true },
      computed: (row) => {
        if (!('address' in row)) return {};
        const contact = row.emergencyContact as Row | null;
        const phones = contact ? [contact.mobilePhone, contact.homePhone, contact.email].filter(Boolean).join(' · ') : '';
        return {
          ...inlineValues(row),
          addressDetails: row.address ? addressTitle(row.address as Row) : '',
          emergencyContactDetails: contact ? `${String(contact.firstName)} ${String(contact.lastName)}${phones ? ` — ${phones}` : ''}` : '',
        };
      },
      filters: { period: dateRange(ctx, 'submitted', 'instant'), displayName: searchOver(['firstName'], ['lastName'], ['email']) },
    },
  };
}
