// Document slugs (docs/api.md#documents): Django 2.0's slugify of the title at creation, at most 100
// characters, made unique with a numeric suffix (the original failed with a 500 instead).
import type { PrismaClient } from '@prisma/client';

const SLUG_MAX_LENGTH = 100;

/** Django 2.0's slugify: ASCII only, word characters, spaces and hyphens, lower case. */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

/** A slug for `title` that no document has yet. */
export async function uniqueDocumentSlug(prisma: PrismaClient, title: string): Promise<string> {
  // Room for a "-NN" suffix within the column's 100 characters.
  const base =
    slugify(title)
      .slice(0, SLUG_MAX_LENGTH - 10)
      .replace(/-$/, '') || 'document';
  let slug = base;
  for (let n = 2; await prisma.document.findUnique({ where: { slug }, select: { id: true } }); n += 1) slug = `${base}-${n}`;
  return slug;
}
