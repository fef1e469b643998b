import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { checkCredentials } from '../users/service.ts';
import { ACTOR_NAMES, countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { countRows } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;
let actors: Record<ActorName, TestActor>;
let sequence = 0;

const HOST = 'localhost:8000';

/** A complete, valid sign-up with a fresh email. */
function signUp(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    email: `lyceen${sequence}@Example.NET`,
    password: 'foo1234baz',
    first_name: 'Charles',
    last_name: 'Dumont',
    date_of_birth: '2002-03-04',
    phone: '0612345678',
    school: '0930965U',
    grade: 'Première S',
    address: { line1: '88 bis rue Jules Guesde', line2: '', post_code: '93100', city: 'Montreuil', country: { code: 'FR', name: 'France' } },
    emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    ...overrides,
  };
}

beforeAll(async () => {
  ctx = await createTestContext({ REGISTRATIONS_PER_IP: '0' });
  app = createApp(ctx);
  actors = await createActors(ctx);
  await ctx.db.prisma.school.create({ data: { uaiCode: '0930965U', name: 'Lycée Henri Matisse' } });
  await ctx.db.prisma.school.create({ data: { uaiCode: '0921399n', name: 'Lycée Joliot-Curie' } });
});
afterAll(() => ctx.database.destroy());

describe('POST /api/registrations/', () => {
  it('creates address, contact, registration, user and student in one go (SPEC 3.13, 4.4)', async () => {
    const before = await countRows(ctx.db.prisma);
    const body = signUp({ id: null, submitted: 'ignored', validated: true });
    const response = await request(app).post('/api/registrations/').set('Host', HOST).send(body);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      email: body.email,
      first_name: 'Charles',
      last_name: 'Dumont',
      date_of_birth: '2002-03-04',
      phone: '0612345678',
      school: '0930965U',
      grade: 'Première S',
      submitted: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+0[12]:00$/),
      address: { line1: '88 bis rue Jules Guesde', line2: '', post_code: '93100', city: 'Montreuil', country: { code: 'FR', name: 'France' } },
      emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    });
    const after = await countRows(ctx.db.prisma);
    expect(after).toMatchObject({
      users: before.users + 1, students: before.students + 1, registrations: before.registrations + 1,
      addresses: before.addresses + 1, contacts: before.contacts + 1,
    });
    const registration = await ctx.db.prisma.registration.findUniqueOrThrow({
      where: { id: response.body.id },
      select: { validated: true, email: true, student: { select: { schoolId: true, tutoringGroupId: true, user: true } } },
    });
    expect(registration.validated).toBe(false);
    expect(registration.email).toBe(body.email); // as typed
    const user = registration.student!.user!;
    expect(registration.student!.schoolId).toBe('0930965U');
    expect(registration.student!.tutoringGroupId).toBeNull();
    expect(user).toMatchObject({ email: body.email.toLowerCase(), firstName: 'Charles', lastName: 'Dumont', phoneNumber: '0612345678', isStaff: false, isActive: true });
    expect(user.password).toMatch(/^\$argon2id\$/);
    expect(await checkCredentials(ctx.db.prisma, body.email, 'foo1234baz')).not.toBeNull();
  });

  it('accepts a minimal body; address and contact are then null (and form-encoded bodies)', async () => {
    const minimal = { email: `min${sequence}@example.org`, password: 'foo1234baz', first_name: 'A', last_name: 'B' };
    const response = await request(app).post('/api/registrations/').send(minimal);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ address: null, emergency_contact: null, school: null, grade: null, phone: null, date_of_birth: null });
    const form = await request(app).post('/api/registrations/').type('form').send({ ...minimal, email: `form${sequence}@example.org`, school: '', date_of_birth: '', phone: '' });
    expect(form.status).toBe(201);
    // Empty form fields: no school, no date; a blank phone is kept as sent, as the original.
    expect(form.body).toMatchObject({ school: null, date_of_birth: null, phone: '' });
  });

  it('serves POST without the trailing slash too (SPEC 3.1)', async () => {
    expect((await request(app).post('/api/registrations').send(signUp())).status).toBe(201);
  });

  it('fits a 50-character first name and a 30-character phone into the user (SPEC 9, B10)', async () => {
    const response = await request(app).post('/api/registrations/').send(signUp({ first_name: 'É'.repeat(50), phone: '0'.repeat(30) }));
    expect(response.status).toBe(201);
  });

  it('matches the school case-insensitively and stores its canonical code (SPEC 4.7)', async () => {
    const response = await request(app).post('/api/registrations/').send(signUp({ school: '0921399N' }));
    expect(response.status).toBe(201);
    expect(response.body.school).toBe('0921399n');
  });

  it.each([
    ['fr', 'FR'], ['de', 'DE'], ['DEU', 'DE'], ['276', 'DE'], ['Germany', 'DE'], [{ code: 'be' }, 'BE'],
  ])('reads country %j as %s (SPEC 3.1)', async (input, code) => {
    const body = signUp({ address: { line1: 'x', post_code: '1', city: 'y', country: input } });
    const response = await request(app).post('/api/registrations/').send(body);
    expect(response.status).toBe(201);
    expect(response.body.address.country.code).toBe(code);
    expect(response.body.address.line2).toBe('');
  });

  it('refuses an email already used, whatever its case (SPEC 4.12)', async () => {
    await createUser(ctx.db.prisma, { email: 'Deja.Inscrit@Example.org' });
    const response = await request(app).post('/api/registrations/').send(signUp({ email: 'deja.inscrit@EXAMPLE.ORG' }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['User with this email already exists'] });
  });

  it('reports every field error at once, nested for nested objects (SPEC 3.13 example)', async () => {
    const response = await request(app).post('/api/registrations/').send({
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
    ['a 31-character phone', signUp({ phone: '0'.repeat(31) })],
    ['an unknown school', signUp({ school: '0000000A' })],
    ['a numeric unknown school', signUp({ school: 123 })],
    ['a school as an object', signUp({ school: { uai_code: '0930965U' } })],
    ['a 201-character grade', signUp({ grade: 'g'.repeat(201) })],
    ['a null address', signUp({ address: null })],
    ['an address as a string', signUp({ address: '1 rue de Paris' })],
    ['an address without country', signUp({ address: { line1: 'x', post_code: '1', city: 'y' } })],
    ['an unknown country', signUp({ address: { line1: 'x', post_code: '1', city: 'y', country: 'XX' } })],
    ['a 21-character post code', signUp({ address: { line1: 'x', post_code: '1'.repeat(21), city: 'y', country: 'FR' } })],
    ['an unknown address field', signUp({ address: { line1: 'x', post_code: '1', city: 'y', country: 'FR', floor: 3 } })],
    ['a null emergency contact', signUp({ emergency_contact: null })],
    ['a contact without last name', signUp({ emergency_contact: { first_name: 'A' } })],
    ['a contact with a bad email', signUp({ emergency_contact: { first_name: 'A', last_name: 'B', email: 'x' } })],
    ['a 51-character contact phone', signUp({ emergency_contact: { first_name: 'A', last_name: 'B', home_phone: '1'.repeat(51) } })],
    ['an unknown top-level field', signUp({ is_staff: true })],
    ['a valid body with an extra user field', signUp({ user: 1 })],
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
    expect(plain.status).toBe(400);
    const huge = await request(app).post('/api/registrations/').send(signUp({ grade: 'g'.repeat(200_000) }));
    expect(huge.status).toBe(413);
  });

  it('leaves nothing behind when the last step of the transaction fails', async () => {
    const { prisma } = ctx.db;
    // A real database failure at the very end (student creation), not a mock.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION oser_test_fail() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'student refused'; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe('CREATE TRIGGER oser_test_fail BEFORE INSERT ON profiles_student FOR EACH ROW EXECUTE FUNCTION oser_test_fail()');
    try {
      const before = await countRows(prisma);
      const response = await request(app).post('/api/registrations/').send(signUp());
      expect(response.status).toBe(500);
      expect(await countRows(prisma)).toEqual(before);
    } finally {
      await prisma.$executeRawUnsafe('DROP TRIGGER oser_test_fail ON profiles_student');
      await prisma.$executeRawUnsafe('DROP FUNCTION oser_test_fail()');
    }
  });

  it('keeps one account when the same email signs up twice concurrently', async () => {
    const body = signUp();
    const before = await countRows(ctx.db.prisma);
    const responses = await Promise.all([1, 2, 3].map(() => request(app).post('/api/registrations/').send(body)));
    expect(responses.map((response) => response.status).sort()).toEqual([201, 400, 400]);
    const after = await countRows(ctx.db.prisma);
    expect(after.users - before.users).toBe(1);
    expect(after.registrations - before.registrations).toBe(1);
    expect(after.addresses - before.addresses).toBe(1);
  });
});

describe('GET /api/registrations/ (lead decision S1: staff only)', () => {
  const expected: Record<ActorName, number> = { anonymous: 401, student: 403, tutor: 200, leaderTutor: 200, staff: 200, superuser: 200 };
  it.each(ACTOR_NAMES)('answers %s as expected', async (name) => {
    const response = await request(app).get('/api/registrations/').set(actors[name].headers);
    expect(response.status).toBe(expected[name]);
    if (name === 'anonymous') expect(response.headers['www-authenticate']).toBe('Token');
  });

  it('lists registrations newest first, in the create shape', async () => {
    const response = await request(app).get('/api/registrations/').set(actors.staff.headers);
    const submitted = response.body.map((item: { submitted: string }) => Date.parse(item.submitted));
    expect(submitted).toEqual([...submitted].sort((a, b) => b - a));
    expect(Object.keys(response.body[0]).sort()).toEqual(
      ['address', 'date_of_birth', 'email', 'emergency_contact', 'first_name', 'grade', 'id', 'last_name', 'phone', 'school', 'submitted'],
    );
  });

  it('runs a constant number of queries', async () => {
    const few = await countQueries(ctx, () => request(app).get('/api/registrations/').set(actors.staff.headers));
    const { prisma } = ctx.db;
    const addresses = await prisma.address.createManyAndReturn({
      data: Array.from({ length: 200 }, () => ({ line1: '1 rue', postCode: '75001', city: 'Paris' })),
      select: { id: true },
    });
    const contacts = await prisma.emergencyContact.createManyAndReturn({
      data: addresses.map(() => ({ firstName: 'A', lastName: 'B' })),
      select: { id: true },
    });
    await prisma.registration.createMany({
      data: addresses.map((address, index) => ({
        firstName: 'X', lastName: 'Y', email: `bulk${index}@example.org`, addressId: address.id, emergencyContactId: contacts[index]!.id,
      })),
    });
    const many = await countQueries(ctx, () => request(app).get('/api/registrations/').set(actors.staff.headers));
    expect(many).toBe(few);
  });

  it.each(['put', 'patch', 'delete'] as const)('answers %s with 405, never 500', async (method) => {
    expect((await request(app)[method]('/api/registrations/')).status).toBe(405);
    expect((await request(app)[method]('/api/registrations/').set(actors.staff.headers)).status).toBe(405);
  });

  it('has no detail route', async () => {
    expect((await request(app).get('/api/registrations/1/').set(actors.staff.headers)).status).toBe(404);
  });
});

describe('sign-up rate limit (lead decision S11)', () => {
  it('answers 429 with Retry-After after the configured number of attempts per address', async () => {
    const limited = await createTestContext({ REGISTRATIONS_PER_IP: '2' });
    try {
      const limitedApp = createApp(limited);
      expect((await request(limitedApp).post('/api/registrations/').send({})).status).toBe(400);
      expect((await request(limitedApp).post('/api/registrations/').send({})).status).toBe(400);
      const response = await request(limitedApp).post('/api/registrations/').send(signUp({ school: null }));
      expect(response.status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.body.detail).toMatch(/Réessayez/);
      expect(await limited.db.prisma.registration.count()).toBe(0);
    } finally {
      await limited.database.destroy();
    }
  });
});
