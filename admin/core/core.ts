// Contenu: documents and addresses (docs/decisions.md#data-model, docs/api.md#documents, docs/admin.md#resources).
import type { ActionRequest } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import countries from 'i18n-iso-countries';
import { uniqueDocumentSlug } from '../../server/core/slug.ts';
import { NAV, SEARCH_PROPERTY, TITLE_PROPERTY, searchOver, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

/** docs/api.md#documents: the slug is generated at creation, made unique with a numeric suffix. */
function generateSlug(prisma: PrismaClient) {
  return async (request: ActionRequest): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload) return request;
    const slug = await uniqueDocumentSlug(prisma, String(request.payload.title ?? ''));
    return { ...request, payload: { ...request.payload, slug } };
  };
}

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

export function coreResources(prisma: PrismaClient): ResourceDef[] {
  const countryChoices = Object.entries(countries.getNames('fr', { select: 'official' }))
    .sort(([, a], [, b]) => a.localeCompare(b, 'fr'))
    .map(([value, label]) => ({ value, label }));

  const document: ResourceDef = {
    model: 'Document',
    label: 'Documents',
    singular: 'document',
    properties: {
      id: { label: 'ID' },
      title: { label: 'titre', description: 'Titre du document' },
      slug: { label: 'slug', isTitle: true, isDisabled: true, description: 'Court identifiant généré à la création' },
      content: {
        label: 'contenu',
        type: 'textarea',
        components: { edit: 'MarkdownEditor', show: 'MarkdownShow' },
        isVisible: { list: false, filter: false, show: true, edit: true },
        description: 'Contenu (Markdown supporté)',
      },
    },
    options: {
      navigation: NAV.content,
      listProperties: ['title', 'slug'],
      filterProperties: ['title', 'slug'],
      editProperties: ['title', 'slug', 'content'],
      showProperties: ['title', 'slug', 'content'],
      sort: { sortBy: 'title', direction: 'asc' },
      actions: { new: { before: [generateSlug(prisma)] } },
    },
  };

  const address: ResourceDef = {
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
  return [document, address];
}
