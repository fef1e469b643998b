// Contracts of the documents resource (docs/api.md#documents).
import { z } from '../platform/zod.ts';

export const DocumentJson = z
  .object({
    title: z.string(),
    slug: z.string(),
    content: z.string().openapi({ description: 'Markdown, images with absolute URLs' }),
    url: z.string().url(),
  })
  .openapi('Document', {
    example: {
      title: 'Charte du tutorat',
      slug: 'charte-du-tutorat',
      content: 'Intro ![logo](http://localhost:8000/media/markdownx/abc.png)',
      url: 'http://localhost:8000/api/documents/charte-du-tutorat/',
    },
  });
export type DocumentJson = z.infer<typeof DocumentJson>;

export const SlugParam = z.object({ slug: z.string().max(100) });
