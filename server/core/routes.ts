// GET /api/documents/ and /api/documents/{slug}/ — public (docs/api.md#documents).
import type { AppContext } from '../platform/context.ts';
import { endpoint, type ApiResource } from '../platform/endpoint.ts';
import { NotFound } from '../platform/errors.ts';
import { origin } from '../platform/http.ts';
import { z } from '../platform/zod.ts';
import { DocumentJson, SlugParam } from './schemas.ts';
import { documentSelect, toDocumentJson } from './serializers.ts';

export function documentsResource(ctx: AppContext): ApiResource {
  const { prisma } = ctx.db;
  return {
    prefix: '/documents',
    tag: 'documents',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: 'Liste des documents, par titre',
        auth: 'optional',
        responses: { 200: { description: 'Les documents', schema: z.array(DocumentJson) } },
        async handler({ req }) {
          const rows = await prisma.document.findMany({ select: documentSelect, orderBy: [{ title: 'asc' }, { id: 'asc' }] });
          return rows.map((row) => toDocumentJson(row, origin(req)));
        },
      }),
      endpoint({
        method: 'get',
        path: '/{slug}/',
        summary: 'Un document, par son slug',
        auth: 'optional',
        params: SlugParam,
        responses: { 200: { description: 'Le document', schema: DocumentJson }, 404: { description: 'Slug inconnu' } },
        async handler({ req, params }) {
          const row = await prisma.document.findUnique({ where: { slug: params.slug }, select: documentSelect });
          if (!row) throw new NotFound();
          return toDocumentJson(row, origin(req));
        },
      }),
    ],
  };
}
