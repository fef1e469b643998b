// The OpenAPI 3.1 document, generated from the same endpoint declarations and zod schemas
// that validate requests and shape responses.
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ApiResource, Endpoint } from './endpoint.ts';
import { messages } from './errors.ts';
import { z } from './zod.ts';

const UNDECLARED_KEYS =
  'Les clés non déclarées ici (et celles en lecture seule, comme `id`) sont ignorées, comme le faisait Django REST Framework : elles ne sont ni validées ni enregistrées.';

const detail = z.object({ detail: z.string() });
const fieldErrors = z.record(z.unknown()).openapi({ description: 'Erreurs par champ, forme DRF : {"champ": ["message"]}' });

/** The error responses a declaration implies (endpoint.ts); its own entries say more and win (by field). */
function responsesOf(definition: Endpoint): Endpoint['responses'] {
  const implied: Endpoint['responses'] = {};
  if (definition.body) implied[400] = { description: 'Corps invalide', schema: fieldErrors };
  else if (definition.query) implied[400] = { description: 'Paramètres invalides', schema: fieldErrors };
  if (definition.auth === 'required' || definition.allow) implied[401] = { description: messages.notAuthenticated, schema: detail };
  if (definition.allow || definition.forbidden) {
    implied[403] = { description: definition.forbidden ?? messages.permissionDenied, schema: detail };
  }
  if (definition.params) implied[404] = { description: messages.notFound, schema: detail };
  const responses = { ...implied };
  for (const [status, response] of Object.entries(definition.responses))
    responses[Number(status)] = { ...implied[Number(status)], ...response };
  return responses;
}

export function buildOpenApiDocument(resources: ApiResource[]) {
  const registry = new OpenAPIRegistry();
  const tokenAuth = registry.registerComponent('securitySchemes', 'TokenAuth', {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      "Obtenu par POST /api/auth/get-token/, envoyé comme `Token <jeton>` (ou `Bearer <jeton>`). Les jetons de 40 caractères hexadécimaux de l'ancienne API restent acceptés pendant une période de transition (`LEGACY_TOKENS_UNTIL`, 90 jours après la reprise de la base par défaut) : la réponse porte alors dans l'en-tête `X-Token` un nouveau jeton à utiliser à la place.",
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
                content: {
                  'application/json': { schema: definition.body },
                  'application/x-www-form-urlencoded': { schema: definition.body },
                },
              }
            : undefined,
        },
        responses: Object.fromEntries(
          Object.entries(responsesOf(definition)).map(([status, response]) => [
            status,
            {
              description: response.description,
              content: response.schema
                ? {
                    'application/json': {
                      schema: response.schema,
                      ...(response.example === undefined ? {} : { example: response.example }),
                    },
                  }
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
      description:
        "API REST d'OSER (Ouverture Sociale pour l'Égalité et la Réussite), compatible avec l'API Django REST Framework d'origine.",
    },
    servers: [{ url: '/' }],
  });
}
