import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { createSchools, signUpBody as signUp } from '../test/register-factories.ts';
import { countRows } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  ctx = await createTestContext({ REGISTRATIONS_PER_IP: '0' });
  app = createApp(ctx);
  await createSchools(ctx.db.prisma);
});
afterAll(() => ctx.database.destroy());

describe('POST /api/registrations/ with invalid input', () => {
  it('reports every field error at once, nested for nested objects', async () => {
    const response = await request(app)
      .post('/api/registrations/')
      .send({
        email: 'pas-un-email',
        password: '',
        first_name: 'x'.repeat(51),
        date_of_birth: '2002-03-04T00:00:00.000Z',
        school: 'zzz',
        address: { line1: '1 rue' },
        emergency_contact: { first_name: 'A', last_name: 'B', email: 'nope' },
      });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      email: ['Saisissez une adresse e-mail valide.'],
      password: ['Ce champ ne peut être vide.'],
      first_name: ['Assurez-vous que ce champ comporte au plus 50 caractères.'],
      last_name: ['Ce champ est obligatoire.'],
      date_of_birth: ["La date n'a pas le bon format. Utilisez un des formats suivants : YYYY-MM-DD."],
      school: ["Clé primaire « zzz » non valide - l'objet n'existe pas."],
      address: { post_code: ['Ce champ est obligatoire.'], city: ['Ce champ est obligatoire.'], country: ['Ce champ est obligatoire.'] },
      emergency_contact: { email: ['Saisissez une adresse e-mail valide.'] },
    });
  });

  const malformed: [string, unknown, string?][] = [
    ['an empty body', {}],
    ['a JSON array', [signUp()]],
    ['a JSON string', '"hello"'],
    ['invalid JSON', '{"email": ', 'raw'],
    ['a missing email', signUp({ email: undefined })],
    ['an invalid email', signUp({ email: 'a@' })],
    ['an email of 255 characters', signUp({ email: `${'a'.repeat(243)}@example.org` })],
    ['an email as a number', signUp({ email: 42 })],
    ['a missing password', signUp({ password: undefined })],
    ['a blank password', signUp({ password: '   ' })],
    ['a 7-character password', signUp({ password: 'abc123x' })],
    ['an entirely numeric password', signUp({ password: '12345678901' })],
    ['a password as an object', signUp({ password: { value: 'foo1234baz' } })],
    ['a 51-character first name', signUp({ first_name: 'x'.repeat(51) })],
    ['a blank last name', signUp({ last_name: '' })],
    ['a null last name', signUp({ last_name: null })],
    ['a toISOString() date of birth', signUp({ date_of_birth: '2002-03-04T00:00:00.000Z' })],
    ['an impossible date of birth', signUp({ date_of_birth: '2002-02-30' })],
    ['a date of birth in year 0, which PostgreSQL lacks', signUp({ date_of_birth: '0000-01-01' })],
    ['a 31-character phone', signUp({ phone: '0'.repeat(31) })],
    ['an unknown school', signUp({ school: '0000000A' })],
    ['a school code that is a LIKE pattern', signUp({ school: '%' })],
    ['a school code with a LIKE wildcard', signUp({ school: '0_30965U' })],
    ['a numeric unknown school', signUp({ school: 123 })],
    ['a school as an object', signUp({ school: { uai_code: '0930965U' } })],
    ['a 201-character grade', signUp({ grade: 'g'.repeat(201) })],
    ['a null address', signUp({ address: null })],
    ['an address as a string', signUp({ address: '1 rue de Paris' })],
    ['an address without country', signUp({ address: { line1: 'x', post_code: '1', city: 'y' } })],
    ['an unknown country', signUp({ address: { line1: 'x', post_code: '1', city: 'y', country: 'XX' } })],
    ['a 21-character post code', signUp({ address: { line1: 'x', post_code: '1'.repeat(21), city: 'y', country: 'FR' } })],
    ['a null emergency contact', signUp({ emergency_contact: null })],
    ['a contact without last name', signUp({ emergency_contact: { first_name: 'A' } })],
    ['a contact with a bad email', signUp({ emergency_contact: { first_name: 'A', last_name: 'B', email: 'x' } })],
    ['a 51-character contact phone', signUp({ emergency_contact: { first_name: 'A', last_name: 'B', home_phone: '1'.repeat(51) } })],
  ];

  it.each(malformed)('answers 4xx to %s and writes nothing', async (_label, body, kind) => {
    const before = await countRows(ctx.db.prisma);
    let call = request(app).post('/api/registrations/');
    if (kind === 'raw' || typeof body === 'string') call = call.set('Content-Type', 'application/json');
    const response = await call.send(body as object);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(JSON.stringify(response.body)).not.toMatch(/Invalid input|\["Required"\]|, received /); // French DRF wording only
    expect(await countRows(ctx.db.prisma)).toEqual(before);
  });

  it('refuses a text/plain body and an oversized body with 4xx', async () => {
    const plain = await request(app).post('/api/registrations/').set('Content-Type', 'text/plain').send('email=x');
    expect(plain.status).toBe(415); // DRF's answer to a media type it does not parse
    const huge = await request(app)
      .post('/api/registrations/')
      .send(signUp({ grade: 'g'.repeat(200_000) }));
    expect(huge.status).toBe(413);
  });
});

describe('sign-up rate limit (docs/decisions.md S11)', () => {
  it('answers 429 with Retry-After after the configured number of attempts per address', async () => {
    const limited = await createTestContext({ REGISTRATIONS_PER_IP: '2' });
    try {
      const limitedApp = createApp(limited);
      expect((await request(limitedApp).post('/api/registrations/').send({})).status).toBe(400);
      expect((await request(limitedApp).post('/api/registrations/').send({})).status).toBe(400);
      const response = await request(limitedApp)
        .post('/api/registrations/')
        .send(signUp({ school: null }));
      expect(response.status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.detail).toMatch(/Réessayez/);
      expect(await limited.db.prisma.registration.count()).toBe(0);
    } finally {
      await limited.database.destroy();
    }
  });
});
