// GET /api/ (docs/api.md#api-root-and-documentation): links to every collection, as DRF's API root, declared as an
// endpoint so that it is documented like the others.
import { endpoint, type ApiResource } from './platform/endpoint.ts';
import { absoluteUrl } from './platform/http.ts';
import { z } from './platform/zod.ts';

/** The collections of the API root, in the original's order (docs/api.md#api-root-and-documentation). */
export const COLLECTIONS = [
  'users',
  'tutors',
  'students',
  'schools',
  'groups',
  'sessions',
  'registrations',
  'visits',
  'participations',
  'places',
  'documents',
] as const;

const ApiRootJson = z
  .object(Object.fromEntries(COLLECTIONS.map((name) => [name, z.string().url()])) as Record<(typeof COLLECTIONS)[number], z.ZodString>)
  .openapi('ApiRoot', {
    example: Object.fromEntries(COLLECTIONS.map((name) => [name, `http://localhost:8000/api/${name}/`])) as Record<
      (typeof COLLECTIONS)[number],
      string
    >,
  });

export function apiRootResource(): ApiResource {
  return {
    prefix: '',
    tag: 'api',
    endpoints: [
      endpoint({
        method: 'get',
        path: '/',
        summary: "Racine de l'API : lien vers chaque collection",
        auth: 'optional',
        responses: { 200: { description: 'Les collections', schema: ApiRootJson } },
        handler({ req }) {
          return Object.fromEntries(COLLECTIONS.map((name) => [name, absoluteUrl(req, `/api/${name}/`)]));
        },
      }),
    ],
  };
}
