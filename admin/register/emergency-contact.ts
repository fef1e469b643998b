// Inscriptions: the emergency contacts of registrations (docs/decisions.md#data-model, docs/admin.md#resources).
import { NAV, COMPUTED, SEARCH_PROPERTY, TITLE_PROPERTY, searchOver, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function emergencyContactResource(): ResourceDef {
  return {
    model: 'EmergencyContact',
    label: "Contacts d'urgence",
    singular: "contact d'urgence",
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: "contact d'urgence", isVisible: false },
      firstName: { label: 'prénom', description: 'Prénom du contact (50 car. max)' },
      lastName: { label: 'nom', description: 'Nom du contact (50 car. max)' },
      email: { label: 'adresse email' },
      homePhone: { label: 'téléphone fixe' },
      mobilePhone: { label: 'téléphone portable' },
      registrationId: {
        label: 'Inscription administrative associée',
        type: 'reference',
        reference: 'Registration',
        isSortable: false,
        isVisible: COMPUTED,
      },
      q: { ...SEARCH_PROPERTY, description: 'Nom ou prénom' },
    },
    options: {
      navigation: NAV.register,
      listProperties: ['lastName', 'firstName', 'email', 'homePhone', 'mobilePhone', 'registrationId'],
      filterProperties: ['q'],
      editProperties: ['firstName', 'lastName', 'email', 'homePhone', 'mobilePhone'],
      sort: { sortBy: 'lastName', direction: 'asc' },
    },
    title: (row) => `${textOf(row.firstName)} ${textOf(row.lastName)}`.trim(),
    extras: {
      include: { registration: { select: { id: true } } },
      computed: (row) => ('registration' in row ? { registrationId: (row.registration as Row | null)?.id ?? null } : {}),
      filters: { q: searchOver(['lastName'], ['firstName']), displayName: searchOver(['lastName'], ['firstName']) },
    },
  };
}
