// The API root (docs/api.md#api-root-and-documentation), the documentation, and the promise that docs and routes cannot
// drift: every mounted API route is documented and every documented route is mounted.
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { COLLECTIONS } from './api-root.ts';
import { createTestContext, type TestContext } from './test/context.ts';
import { createActors, type ActorName, type TestActor } from './test/actors.ts';

let ctx: TestContext;
let app: Express;
let actors: Record<ActorName, TestActor>;
let document: {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { example?: unknown }> };
};
interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: Schema & { items?: Schema }; example?: unknown }> }>;
}
type Schema = { $ref?: string; allOf?: { $ref?: string }[] };

/** The component a schema points to, directly or as zod-to-openapi's `allOf: [{$ref}, …]`. */
function refOf(schema: Schema | undefined): string | undefined {
  return schema?.$ref ?? schema?.allOf?.find((part) => part.$ref)?.$ref;
}

beforeAll(async () => {
  ctx = await createTestContext();
  app = createApp(ctx);
  actors = await createActors(ctx);
  document = (await request(app).get('/api/openapi.json')).body;
});
afterAll(() => ctx.database.destroy());

describe('GET /api/ (the API root)', () => {
  const expected = Object.fromEntries(COLLECTIONS.map((name) => [name, `http://localhost:8000/api/${name}/`]));

  it.each(['anonymous', 'student', 'superuser'] as const)('links every collection in the original order, for %s', async (name) => {
    const response = await request(app).get('/api/').set('Host', 'localhost:8000').set(actors[name].headers);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(expected);
    expect(Object.keys(response.body)).toEqual([
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
    ]);
  });

  it('builds the links from X-Forwarded-* behind a trusted proxy', async () => {
    const proxied = createApp({ ...ctx, config: { ...ctx.config, trustProxy: 1 } });
    const response = await request(proxied).get('/api/').set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'api.oser-cs.fr');
    expect(response.body.users).toBe('https://api.oser-cs.fr/api/users/');
  });

  it('answers /api as /api/, 405 to writes and 401 to a bad token', async () => {
    // The prefix itself is "/" for the API router: /api answers as /api/ does.
    const bare = await request(app).get('/api').set('Host', 'localhost:8000');
    expect(bare.status).toBe(200);
    expect(bare.body.users).toBe('http://localhost:8000/api/users/');
    const post = await request(app).post('/api/').send({});
    expect(post.status).toBe(405);
    expect(post.headers.allow).toContain('GET');
    expect((await request(app).get('/api/').set('Authorization', 'Token nope')).status).toBe(401);
  });

  it('answers 404 in JSON to an unknown API path', async () => {
    const response = await request(app).get('/api/nothing-here/').set(actors.staff.headers);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ detail: 'Pas trouvé.' });
    // The root's body parser does not run for other paths: bad JSON to an unknown path is a 404.
    expect((await request(app).post('/api/nothing-here/').set('Content-Type', 'application/json').send('{')).status).toBe(404);
  });
});

describe('documentation at /api/docs/', () => {
  it.each(['anonymous', 'student'] as const)('serves Swagger UI at /api/docs/ to %s', async (name) => {
    const response = await request(app).get('/api/docs/').set(actors[name].headers);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toMatch(/swagger-ui/i);
    expect((await request(app).get('/api/docs')).status).toBe(301);
  });

  it('serves the OpenAPI 3.1 document at /api/openapi.json and /api/docs/openapi.json', async () => {
    expect(document.openapi).toBe('3.1.0');
    const copy = await request(app).get('/api/docs/openapi.json');
    expect(copy.body).toEqual(document);
  });

  it('is read only: other methods answer 405 with Allow, as the routes do', async () => {
    for (const path of ['/api/docs/', '/api/docs/swagger-ui.css', '/api/openapi.json', '/api/docs/openapi.json']) {
      for (const method of ['post', 'put', 'patch', 'delete'] as const) {
        const response = await request(app)[method](path).send({ a: 1 });
        expect(response.status, `${method} ${path}`).toBe(405);
        expect(response.headers.allow, `${method} ${path}`).toBe('GET, HEAD, OPTIONS');
        expect(response.body).toEqual({ detail: `Méthode « ${method.toUpperCase()} » non autorisée.` });
      }
    }
  });
});

/** `METHOD /api/path/{param}/` of every route mounted in the API router of the app. */
function mountedRoutes(target: Express): string[] {
  interface Layer {
    rawPath?: string | RegExp;
    handle: { stack?: Layer[] };
    route?: { path: string; methods: Record<string, boolean> };
  }
  const appStack = (target as unknown as { router: { stack: Layer[] } }).router.stack;
  const apiLayer = appStack.find((layer) => layer.rawPath === '/api' && layer.handle.stack);
  if (!apiLayer) throw new Error('API router not found');
  const routes: string[] = [];
  for (const layer of apiLayer.handle.stack!) {
    if (!layer.handle.stack) continue;
    // The root's router is mounted on the regular expression of exactly "/".
    const prefix = layer.rawPath instanceof RegExp ? '' : layer.rawPath === '/' ? '' : String(layer.rawPath);
    for (const inner of layer.handle.stack) {
      if (!inner.route) continue;
      const path = `/api${prefix}${inner.route.path}`.replace(/:(\w+)/g, '{$1}');
      for (const method of Object.keys(inner.route.methods)) {
        if (method !== '_all') routes.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  return routes.sort();
}

describe('routes and documentation cannot drift (issue 3, item 5)', () => {
  const DOCUMENT_ROUTES = ['GET /api/openapi.json', 'GET /api/docs/openapi.json'];
  const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

  it('every mounted API route is documented, and every documented route is mounted', () => {
    const mounted = mountedRoutes(app).filter((route) => !DOCUMENT_ROUTES.includes(route));
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((key) => METHODS.includes(key))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(mounted).toEqual(documented);
    // Sanity: the walk found the routes of every resource.
    for (const route of [
      'GET /api/',
      'POST /api/auth/get-token/',
      'GET /api/users/{id}/',
      'GET /api/students/{id}/visits/',
      'GET /api/schools/choices/',
    ]) {
      expect(mounted).toContain(route);
    }
    expect(mounted.length).toBeGreaterThanOrEqual(25);
  });

  it('every route of docs/api.md#routes-and-permissions is documented', () => {
    const spec = [
      'post /api/auth/get-token/',
      'get /api/',
      'get /api/users/',
      'get /api/users/{id}/',
      'get /api/tutors/',
      'get /api/tutors/{id}/',
      'get /api/tutors/{id}/tutoringgroups/',
      'get /api/students/',
      'get /api/students/{id}/',
      'get /api/students/{id}/tutoringgroup/',
      'get /api/students/{id}/visits/',
      'get /api/schools/',
      'get /api/schools/choices/',
      'get /api/schools/{uai_code}/',
      'get /api/groups/',
      'get /api/groups/{id}/',
      'get /api/sessions/',
      'get /api/sessions/{id}/',
      'get /api/registrations/',
      'post /api/registrations/',
      'get /api/visits/',
      'get /api/visits/{id}/',
      'post /api/participations/',
      'delete /api/participations/{id}/',
      'post /api/participations/abandon/',
      'get /api/places/',
      'get /api/places/{id}/',
      'get /api/documents/',
      'get /api/documents/{slug}/',
    ];
    for (const route of spec) {
      const [method, path] = route.split(' ') as [string, string];
      expect(document.paths[path]?.[method], route).toBeDefined();
    }
  });

  it('every operation states its auth, its path parameters, a success response with a schema, and its body', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const label = `${method.toUpperCase()} ${path}`;
        expect(operation.summary, label).toBeTruthy();
        expect(operation.security, label).toBeDefined();
        const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
        const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
        expect(declared.sort(), label).toEqual(names.sort());
        const success = Object.keys(operation.responses).find((status) => status.startsWith('2'));
        expect(success, label).toBeDefined();
        if (success !== '204') expect(operation.responses[success!]!.content?.['application/json']?.schema, label).toBeDefined();
        if (method === 'post') expect(operation.requestBody?.content['application/json'], label).toBeDefined();
      }
    }
  });

  it('authentication-required operations are documented as such', () => {
    const required = (path: string, method: string) =>
      !(document.paths[path]![method]!.security ?? []).some((entry) => Object.keys(entry).length === 0);
    expect(required('/api/users/', 'get')).toBe(true);
    expect(required('/api/schools/{uai_code}/', 'get')).toBe(true);
    expect(required('/api/schools/', 'get')).toBe(false);
    expect(required('/api/auth/get-token/', 'post')).toBe(false);
    expect(required('/api/', 'get')).toBe(false);
  });

  it('documents the refusals each declaration implies: 400 for a body, 401 when required, 403 when restricted, 404 for a path id', () => {
    const problems: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const label = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses);
        const open = (operation.security ?? []).some((entry) => Object.keys(entry).length === 0);
        if (operation.requestBody && !statuses.includes('400')) problems.push(`${label}: 400`);
        if (!open && !statuses.includes('401')) problems.push(`${label}: 401`);
        if (path.includes('{') && !statuses.includes('404')) problems.push(`${label}: 404`);
        for (const status of ['401', '403', '404']) {
          if (statuses.includes(status) && !operation.responses[status]!.content?.['application/json']?.schema)
            problems.push(`${label}: ${status} schema`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(document.paths['/api/registrations/']!.get!.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(Object.keys(document.paths['/api/participations/{id}/']!.delete!.responses)).toEqual(['204', '401', '403', '404']);
  });

  it('success responses and request bodies carry an example (inline or on their component)', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'))?.[1];
        const content = success?.content?.['application/json'];
        if (!content) continue;
        const ref = refOf(content.schema) ?? refOf(content.schema.items);
        const component = ref ? document.components.schemas[ref.split('/').pop()!] : undefined;
        if (content.example === undefined && component?.example === undefined) missing.push(`${method.toUpperCase()} ${path}`);
        const body = operation.requestBody?.content['application/json']?.schema as (Schema & { example?: unknown }) | undefined;
        const bodyRef = refOf(body);
        if (
          body &&
          body.example === undefined &&
          (!bodyRef || document.components.schemas[bodyRef.split('/').pop()!]?.example === undefined)
        ) {
          missing.push(`${method.toUpperCase()} ${path} (request)`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
