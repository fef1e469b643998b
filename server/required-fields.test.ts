// DRF answers a body missing a required field with « Ce champ est obligatoire. » for that
// field, whatever its type (a primary key too), and a null one with « Ce champ ne peut être
// nul. »: every write route of the API is asked with an empty body.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ZodTypeAny } from 'zod';
import { apiResources } from './api.ts';
import { messages } from './platform/errors.ts';
import { z } from './platform/zod.ts';
import { useVisitSuite } from './test/visit-suite.ts';

const suite = useVisitSuite();

/** The keys of a body schema that a body must carry. */
function requiredKeys(schema: ZodTypeAny): string[] {
  expect(schema).toBeInstanceOf(z.ZodObject);
  const shape = (schema as z.AnyZodObject).shape as Record<string, ZodTypeAny>;
  return Object.keys(shape).filter((key) => !shape[key]!.isOptional());
}

describe('a body missing required fields', () => {
  it('answers « Ce champ est obligatoire. » for each of them, on every write route', async () => {
    const writes = apiResources(suite.ctx).flatMap((resource) =>
      resource.endpoints
        .filter((endpoint) => endpoint.body)
        .map((endpoint) => ({ path: `/api${resource.prefix}${endpoint.path}`, endpoint })),
    );
    expect(writes.map((write) => `${write.endpoint.method} ${write.path}`).sort()).toEqual([
      'post /api/auth/get-token/',
      'post /api/participations/',
      'post /api/participations/abandon/',
      'post /api/registrations/',
    ]);
    for (const { path, endpoint } of writes) {
      const keys = requiredKeys(endpoint.body!);
      expect(keys.length, path).toBeGreaterThan(0);
      const response = await request(suite.app)[endpoint.method](path).set(suite.actors.staff.headers).send({});
      expect(response.status, path).toBe(400);
      expect(response.body, path).toEqual(Object.fromEntries(keys.map((key) => [key, [messages.required]])));
    }
  });

  it('POST /api/participations/ without user names user only, as DRF', async () => {
    const response = await request(suite.app)
      .post('/api/participations/')
      .set(suite.actors.staff.headers)
      .send({ visit: suite.openVisitId });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ user: ['Ce champ est obligatoire.'] });
  });

  it('answers « Ce champ ne peut être nul. » to a null primary key, and the wrong-type message to a wrong one', async () => {
    const response = await request(suite.app)
      .post('/api/participations/abandon/')
      .set(suite.actors.staff.headers)
      .send({ user: null, visit: 'abc', reason: 'Empêché' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ user: ['Ce champ ne peut être nul.'], visit: ['Type incorrect. Attendait une clé primaire.'] });
  });

  it('answers « Ce champ est obligatoire. » inside a nested object too', async () => {
    const response = await request(suite.app)
      .post('/api/registrations/')
      .send({ email: 'nested@example.net', password: 'foo1234baz', first_name: 'A', last_name: 'B', address: { line1: '1 rue' } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      address: { post_code: [messages.required], city: [messages.required], country: [messages.required] },
    });
  });
});
