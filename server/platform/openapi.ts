// The OpenAPI 3.1 document, generated from the same endpoint declarations and zod schemas
// that validate requests and shape responses.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Resource } from './endpoint.ts';

const UNDECLARED_KEYS =
  'Les clés non déclarées ici (et celles en lecture seule, comme `id`) sont ignorées, comme le faisait Django REST Framework : elles ne sont ni validées ni enregistrées.';

export function buildOpenApiDocument(resources: Resource[]) {
  const registry = new OpenAPIRegistry();
  const tokenAuth = registry.registerComponent('securitySchemes', 'TokenAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description: 'Obtenu par POST /api/auth/get-token/, envoyé comme `Token <jeton>` (ou `Bearer <jeton>`).',
  });
  for (const resource of resources) {
    for (const definition of resource.endpoints) {
      registry.registerPath({
        method: definition.method,
        path: `/api${resource.prefix}${definition.path}`,
        tags: [resource.tag],
        summary: definition.summary,
        description: definition.description,
        security: definition.auth === 'required' ? [{ [tokenAuth.name]: [] }] : [{}, { [tokenAuth.name]: [] }],
        request: {
          params: definition.params as never,
          query: definition.query as never,
          body: definition.body
            ? {
                description: UNDECLARED_KEYS,
                content: { 'application/json': { schema: definition.body }, 'application/x-www-form-urlencoded': { schema: definition.body } },
              }
            : undefined,
        },
        responses: Object.fromEntries(
          Object.entries(definition.responses).map(([status, response]) => [
            status,
            {
              description: response.description,
              content: response.schema
                ? { 'application/json': { schema: response.schema, ...(response.example === undefined ? {} : { example: response.example }) } }
                : undefined,
            },
          ]),
        ),
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'OSER API',
      version: '1.0.0',
      description: "API REST d'OSER (Ouverture Sociale pour l'Égalité et la Réussite), compatible avec l'API Django REST Framework d'origine.",
    },
    servers: [{ url: '/' }],
  });
}
