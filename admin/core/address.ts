// Contenu: the postal addresses of schools and registrations (docs/decisions.md#data-model, docs/admin.md#resources).
import countries from 'i18n-iso-countries';
import { NAV, SEARCH_PROPERTY, TITLE_PROPERTY, searchOver, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

export function countryName(code: unknown): string {
  const text = textOf(code);
  return countries.getName(text, 'fr') ?? text;
}

/** docs/decisions.md#data-model: non-empty parts joined by ", ". */
export function addressTitle(row: Row): string {
  const city = `${textOf(row.postCode)} ${textOf(row.city)}`.trim();
  return [row.line1, row.line2, city, row.country ? countryName(row.country) : '']
    .map((part) => textOf(part).trim())
    .filter(Boolean)
    .join(', ');
}

export function addressResource(): ResourceDef {
  const countryChoices = Object.entries(countries.getNames('fr', { select: 'official' }))
    .sort(([, a], [, b]) => a.localeCompare(b, 'fr'))
    .map(([value, label]) => ({ value, label }));

  return {
    model: 'Address',
    label: 'Adresses',
    singular: 'adresse',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'adresse' },
      line1: { label: 'ligne 1', description: 'Numéro, voie, rue…' },
      line2: { label: 'ligne 2', isRequired: false, description: 'Résidence, appartement, lieu-dit…' },
      postCode: { label: 'code postal', description: 'Code postal (format non vérifié)' },
      city: { label: 'ville', description: 'Ville' },
      country: { label: 'pays', availableValues: countryChoices, description: 'Pays (FR par défaut)' },
      q: { ...SEARCH_PROPERTY, description: 'Ligne 1, ligne 2, code postal ou ville' },
    },
    options: {
      navigation: NAV.content,
      listProperties: ['id', 'displayName'],
      filterProperties: ['q', 'city', 'country'],
      editProperties: ['line1', 'line2', 'postCode', 'city', 'country'],
      actions: { new: { component: 'NewWithDefaults', custom: { defaults: { country: 'FR' } } } },
    },
    title: addressTitle,
    extras: {
      filters: {
        q: searchOver(['line1'], ['line2'], ['postCode'], ['city']),
        displayName: searchOver(['line1'], ['line2'], ['postCode'], ['city']),
      },
    },
  };
}
