// Contenu: the documents (docs/decisions.md#data-model, docs/api.md#documents, docs/admin.md#resources).
import type { ActionRequest } from 'adminjs';
import type { PrismaClient } from '@prisma/client';
import { uniqueDocumentSlug } from '../../server/core/slug.ts';
import { MARKDOWN, NAV, type ResourceDef } from '../platform/define.ts';

/** docs/api.md#documents: the slug is generated at creation, made unique with a numeric suffix. */
function generateSlug(prisma: PrismaClient) {
  return async (request: ActionRequest): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload) return request;
    const slug = await uniqueDocumentSlug(prisma, String(request.payload.title ?? ''));
    return { ...request, payload: { ...request.payload, slug } };
  };
}

export function documentResource(prisma: PrismaClient): ResourceDef {
  return {
    model: 'Document',
    label: 'Documents',
    singular: 'document',
    properties: {
      id: { label: 'ID' },
      title: { label: 'titre', description: 'Titre du document' },
      slug: { label: 'slug', isTitle: true, isDisabled: true, description: 'Court identifiant généré à la création' },
      content: {
        label: 'contenu',
        ...MARKDOWN,
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
}
