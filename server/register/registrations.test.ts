import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { checkCredentials } from '../users/service.ts';
import { createUser } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { createSchools, signUpBody as signUp } from '../test/register-factories.ts';
import { countRows } from '../test/visit-factories.ts';

let ctx: TestContext;
let app: ReturnType<typeof createApp>;

const HOST = 'localhost:8000';

beforeAll(async () => {
  ctx = await createTestContext({ REGISTRATIONS_PER_IP: '0' });
  app = createApp(ctx);
  await createSchools(ctx.db.prisma);
});
afterAll(() => ctx.database.destroy());

describe('POST /api/registrations/', () => {
  it('creates address, contact, registration, user and student in one go', async () => {
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
      address: {
        line1: '88 bis rue Jules Guesde',
        line2: '',
        post_code: '93100',
        city: 'Montreuil',
        country: { code: 'FR', name: 'France' },
      },
      emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    });
    const after = await countRows(ctx.db.prisma);
    expect(after).toMatchObject({
      users: before.users + 1,
      students: before.students + 1,
      registrations: before.registrations + 1,
      addresses: before.addresses + 1,
      contacts: before.contacts + 1,
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
    expect(user).toMatchObject({
      email: body.email.toLowerCase(),
      firstName: 'Charles',
      lastName: 'Dumont',
      phoneNumber: '0612345678',
      isStaff: false,
      isActive: true,
    });
    expect(user.password).toMatch(/^\$argon2id\$/);
    expect(await checkCredentials(ctx.db.prisma, body.email, 'foo1234baz')).not.toBeNull();
  });

  it('accepts a minimal body; address and contact are then null (and form-encoded bodies)', async () => {
    const minimal = { email: 'min@example.org', password: 'foo1234baz', first_name: 'A', last_name: 'B' };
    const response = await request(app).post('/api/registrations/').send(minimal);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      address: null,
      emergency_contact: null,
      school: null,
      grade: null,
      phone: null,
      date_of_birth: null,
    });
    const form = await request(app)
      .post('/api/registrations/')
      .type('form')
      .send({ ...minimal, email: 'form@example.org', school: '', date_of_birth: '', phone: '' });
    expect(form.status).toBe(201);
    // Empty form fields: no school, no date; a blank phone is kept as sent, as the original.
    expect(form.body).toMatchObject({ school: null, date_of_birth: null, phone: '' });
  });

  it('serves POST without the trailing slash too', async () => {
    expect((await request(app).post('/api/registrations').send(signUp())).status).toBe(201);
  });

  it('fits a 50-character first name and a 30-character phone into the user (B10)', async () => {
    const response = await request(app)
      .post('/api/registrations/')
      .send(signUp({ first_name: 'É'.repeat(50), phone: '0'.repeat(30) }));
    expect(response.status).toBe(201);
  });

  it('matches the school case-insensitively and stores its canonical code', async () => {
    const response = await request(app)
      .post('/api/registrations/')
      .send(signUp({ school: '0921399N' }));
    expect(response.status).toBe(201);
    expect(response.body.school).toBe('0921399n');
  });

  it.each([
    ['fr', 'FR'],
    ['de', 'DE'],
    ['DEU', 'DE'],
    ['276', 'DE'],
    ['Germany', 'DE'],
    [{ code: 'be' }, 'BE'],
  ])('reads country %j as %s', async (input, code) => {
    const body = signUp({ address: { line1: 'x', post_code: '1', city: 'y', country: input } });
    const response = await request(app).post('/api/registrations/').send(body);
    expect(response.status).toBe(201);
    expect(response.body.address.country.code).toBe(code);
    expect(response.body.address.line2).toBe('');
  });

  it('refuses an email already used, whatever its case', async () => {
    await createUser(ctx.db.prisma, { email: 'Deja.Inscrit@Example.org' });
    const response = await request(app)
      .post('/api/registrations/')
      .send(signUp({ email: 'deja.inscrit@EXAMPLE.ORG' }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['User with this email already exists'] });
  });

  it('leaves nothing behind when the last step of the transaction fails', async () => {
    const { prisma } = ctx.db;
    // A real database failure at the very end (student creation), not a mock.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION oser_test_fail() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'student refused'; END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(
      'CREATE TRIGGER oser_test_fail BEFORE INSERT ON profiles_student FOR EACH ROW EXECUTE FUNCTION oser_test_fail()',
    );
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
