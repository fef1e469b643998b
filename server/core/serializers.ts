// Document rows to the API's JSON (docs/api.md#documents).
import type { Prisma } from '@prisma/client';
import { markdownForApi } from '../platform/markdown.ts';
import type { DocumentJson } from './schemas.ts';

export const documentSelect = { title: true, slug: true, content: true } satisfies Prisma.DocumentSelect;
type DocumentRow = Prisma.DocumentGetPayload<{ select: typeof documentSelect }>;

export function toDocumentJson(row: DocumentRow, origin: string): DocumentJson {
  return {
    title: row.title,
    slug: row.slug,
    content: markdownForApi(row.content, origin),
    url: `${origin}/api/documents/${encodeURIComponent(row.slug)}/`,
  };
}
