// One declaration per API operation: method, path, auth, zod schemas and handler. The same
// list mounts the Express routes and generates the OpenAPI document, so docs and routes
// cannot drift (STYLE.md "one schema per contract").
import type { Request, Response } from 'express';
import type { ZodTypeAny } from 'zod';
import type { z } from './zod.ts';
import type { Actor } from './auth.ts';
import { MethodNotAllowed, NotAuthenticated, NotFound, PermissionDenied } from './errors.ts';
import { restRouter } from './http.ts';
import { JsonList, JsonText, writeJsonList } from './json-list.ts';
import { sendJson } from './compression.ts';
import { dropUndeclaredKeys, parseOrThrow, parseOrThrowAsync } from './validate.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Infer<S> = S extends ZodTypeAny ? z.infer<S> : undefined;

export interface Endpoint<P = ZodTypeAny | undefined, Q = ZodTypeAny | undefined, B = ZodTypeAny | undefined> {
  method: Method;
  /** Below the resource's prefix, OpenAPI style, with the trailing slash: `/{id}/`. */
  path: string;
  summary: string;
  description?: string;
  /** `required`: anonymous callers get 401 before anything else. */
  auth: 'required' | 'optional';
  /**
   * Who may call it at all (a predicate of platform/permissions.ts): refused callers get 403,
   * or 401 when anonymous, before the body is read. Rules about one object (whose
   * participation is it?) stay in the service, beside the query that loads the object.
   */
  allow?: (actor: Actor) => boolean;
  /** What the service's object-level refusals are, for the 403 of the OpenAPI document. */
  forbidden?: string;
  /** Path parameters; a value that does not parse is a 404, as DRF's lookups. */
  params?: P;
  query?: Q;
  body?: B;
  /**
   * The first 2xx status is the success status; a 204 sends no body. The 400/401/403/404 the
   * declaration implies are documented from it (openapi.ts); list them only to say more.
   */
  responses: Record<number, { description: string; schema?: ZodTypeAny; example?: unknown }>;
  /** Runs before the body is parsed, e.g. a rate limit that must also count invalid attempts. */
  before?(req: Request): void | Promise<void>;
  handler(input: { req: Request; res: Response; actor: Actor; params: Infer<P>; query: Infer<Q>; body: Infer<B> }): unknown;
}

/** Identity function that lets TypeScript infer the handler's input types from the schemas. */
export function endpoint<
  P extends ZodTypeAny | undefined = undefined,
  Q extends ZodTypeAny | undefined = undefined,
  B extends ZodTypeAny | undefined = undefined,
>(definition: Endpoint<P, Q, B>): Endpoint {
  return definition;
}

/** A REST resource: the endpoints under one prefix (`/visits`), one OpenAPI tag. */
export interface ApiResource {
  prefix: string;
  tag: string;
  endpoints: Endpoint[];
}

function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function successStatus(definition: Endpoint): number {
  return Number(Object.keys(definition.responses).find((status) => status.startsWith('2')) ?? 200);
}

/** Undeclared keys are dropped first, as DRF ignores them (clients send extra keys freely). */
async function parseBody(req: Request, schema: ZodTypeAny): Promise<unknown> {
  const { value, dropped } = dropUndeclaredKeys(schema, req.body ?? {});
  if (dropped.length > 0) req.log?.debug({ dropped }, 'undeclared body keys ignored');
  // Async: a body field may be checked against the database, its errors reported with the others.
  return parseOrThrowAsync(schema, value);
}

/**
 * Builds the Express router of a resource. Methods a path does not support answer 405 with
 * `Allow`, or 401 first when the resource requires authentication (docs/api.md#routes-and-permissions, never 500).
 */
export function resourceRouter(resource: ApiResource) {
  const router = restRouter();
  const requiresAuth = resource.endpoints.some((definition) => definition.auth === 'required');
  const byPath = new Map<string, Endpoint[]>();
  for (const definition of resource.endpoints) {
    byPath.set(definition.path, [...(byPath.get(definition.path) ?? []), definition]);
  }
  for (const [path, definitions] of byPath) {
    const route = router.route(expressPath(path));
    for (const definition of definitions) {
      route[definition.method](async (req, res) => {
        res.locals.route = `${req.baseUrl}${path}`;
        const actor = req.actor;
        if (definition.auth === 'required' && !actor.user) throw new NotAuthenticated();
        if (definition.allow && !definition.allow(actor)) throw actor.user ? new PermissionDenied() : new NotAuthenticated();
        await definition.before?.(req);
        let params: unknown;
        if (definition.params) {
          const parsed = definition.params.safeParse(req.params);
          if (!parsed.success) throw new NotFound();
          params = parsed.data;
        }
        const query: unknown = definition.query ? parseOrThrow(definition.query, req.query) : undefined;
        const body = definition.body ? await parseBody(req, definition.body) : undefined;
        const result = await definition.handler({ req, res, actor, params, query, body });
        const status = successStatus(definition);
        if (status === 204) res.status(204).end();
        else if (result instanceof JsonList) await writeJsonList(res, result, () => res.status(status).type('json'));
        else sendJson(req, res, status, result instanceof JsonText ? result.text : (JSON.stringify(result) ?? ''));
      });
    }
    const allowed = [
      ...new Set(definitions.flatMap((definition) => (definition.method === 'get' ? ['GET', 'HEAD'] : [definition.method.toUpperCase()]))),
    ];
    route.all((req) => {
      if (requiresAuth && !req.actor.user) throw new NotAuthenticated();
      throw new MethodNotAllowed(req.method, [...allowed, 'OPTIONS']);
    });
  }
  return router;
}
