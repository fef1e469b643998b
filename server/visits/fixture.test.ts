// The visits, places and registrations API on the reference database made by the original
// Django code (shared/fixtures, docs/decisions.md#reference-data), after the takeover: values checked against the
// fixture's documented rows.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createApp } from '../app.ts';
import { issueToken } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { connectDatabase } from '../platform/db.ts';
import { createStorage } from '../platform/storage.ts';
import { runTakeover } from '../takeover/service.ts';
import { loadDump, readFixture } from '../test/legacy-dump.ts';
import { createEmptyDatabase, type EmptyDatabase } from '../test/database.ts';
import { testConfig } from '../test/context.ts';

let scratch: EmptyDatabase;
let ctx: AppContext;
let app: ReturnType<typeof createApp>;
const headers: Record<'admin' | 'charles' | 'hugo', Record<string, string>> = { admin: {}, charles: {}, hugo: {} };

const HOST = 'localhost:8000';
const B = `http://${HOST}`;
const media = (key: string) => `${B}/media/${key}`;
const palaisAddress = {
  line1: 'Avenue Franklin Delano Roosevelt',
  line2: '',
  post_code: '75008',
  city: 'Paris',
  country: { code: 'FR', name: 'France' },
};

beforeAll(async () => {
  scratch = await createEmptyDatabase();
  await loadDump(scratch.url, readFixture());
  expect((await runTakeover({ databaseUrl: scratch.url })).outcome).toBe('taken-over');
  const config = testConfig();
  ctx = { config, db: connectDatabase(scratch.url, { poolSize: 3 }), logger: pino({ level: 'silent' }), storage: createStorage(config) };
  app = createApp(ctx);
  const users = await ctx.db.prisma.user.findMany({ where: { id: { in: [2, 5, 8] } }, select: { id: true, password: true } });
  const token = (id: number) => ({
    Authorization: `Token ${issueToken(
      ctx,
      users.find((user) => user.id === id)!,
    )}`,
    Host: HOST,
  });
  headers.admin = token(2);
  headers.hugo = token(5);
  headers.charles = token(8);
});
afterAll(async () => {
  await ctx?.db.close();
  await scratch?.destroy();
});

describe('visits on the reference data', () => {
  it('lists the four visits by date with the documented computed values', async () => {
    const response = await request(app).get('/api/visits/').set(headers.charles);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([
      {
        id: 1,
        title: 'Nuit Blanche 2017',
        summary: "Parcours d'art contemporain.",
        place: 'Palais de la Découverte',
        date: '2017-10-07',
        start_time: '20:00:00',
        end_time: '00:00:00',
        deadline: '2017-10-01T23:59:00+02:00',
        passed: true,
        registrations_open: false,
        participants: [8, 9, 11],
        organizers: [4, 5],
        image: media('visits/images/visit-1.jpg'),
        url: `${B}/api/visits/1/`,
      },
      {
        id: 3,
        title: 'Concert à la Philharmonie',
        summary: '',
        place: 'Philharmonie de Paris',
        date: '2030-03-15',
        start_time: '20:00:00',
        end_time: '22:00:00',
        deadline: '2018-03-01T12:00:00+01:00',
        passed: false,
        registrations_open: false,
        participants: [10, 13],
        organizers: [6, 7],
        image: media('visits/images/visit-3.jpg'),
        url: `${B}/api/visits/3/`,
      },
      {
        id: 2,
        title: 'Visite du Palais de la Découverte',
        summary: 'Expériences de physique en direct.',
        place: 'Palais de la Découverte',
        date: '2031-05-21',
        start_time: '14:00:00',
        end_time: '16:30:00',
        deadline: '2031-05-14T23:59:00+02:00',
        passed: false,
        registrations_open: true,
        participants: [6, 8, 9],
        organizers: [5],
        image: media('visits/images/visit-2_7TGFU5Y.jpg'),
        url: `${B}/api/visits/2/`,
      },
      {
        id: 4,
        title: 'Balade en forêt de Saclay',
        summary: '',
        place: null,
        date: '2031-09-20',
        start_time: '09:30:00',
        end_time: '12:00:00',
        deadline: '2031-09-13T18:00:00.500000+02:00',
        passed: false,
        registrations_open: true,
        participants: [],
        organizers: [],
        image: null,
        url: `${B}/api/visits/4/`,
      },
    ]);
  });

  it('renders visit 2 in the detail shape, raw description, place images absolutised', async () => {
    const response = await request(app).get('/api/visits/2/').set(headers.admin);
    const user = (
      id: number,
      email: string,
      first: string,
      last: string,
      gender: string | null,
      phone: string | null,
      birth: string | null,
    ) => ({
      id,
      email,
      profile_type: null,
      first_name: first,
      last_name: last,
      gender,
      phone_number: phone,
      date_of_birth: birth,
      url: `${B}/api/users/${id}/`,
    });
    expect(response.body).toEqual({
      id: 2,
      title: 'Visite du Palais de la Découverte',
      summary: 'Expériences de physique en direct.',
      description: '## Programme\n\n![salle](/media/markdownx/salle.png)\n\n- exposés\n- ateliers',
      place: {
        id: 1,
        name: 'Palais de la Découverte',
        address: palaisAddress,
        description: `Un musée des sciences.\n\n![plan](${B}/media/markdownx/plan.png)\n\n[Site officiel](http://www.palais-decouverte.fr)`,
      },
      date: '2031-05-21',
      start_time: '14:00:00',
      end_time: '16:30:00',
      meeting: "Devant les escaliers de l'entrée principale",
      deadline: '2031-05-14T23:59:00+02:00',
      passed: false,
      registrations_open: true,
      participants: [
        {
          id: 4,
          user: user(8, 'charles.dumont@example.net', 'Charles', 'Dumont', null, '0612345678', '2002-03-04'),
          visit: 2,
          present: null,
          accepted: null,
        },
        {
          id: 5,
          user: expect.objectContaining({ id: 9, first_name: 'Emma', date_of_birth: '2001-11-30' }),
          visit: 2,
          present: null,
          accepted: true,
        },
        {
          id: 6,
          user: expect.objectContaining({ id: 6, first_name: 'Inès', last_name: 'Bernard' }),
          visit: 2,
          present: null,
          accepted: null,
        },
      ],
      organizers: [{ id: 2, user: user(5, 'hugo.martin@student.ecp.fr', 'Hugo', 'Martin', 'M', null, null) }],
      image: media('visits/images/visit-2_7TGFU5Y.jpg'),
      fact_sheet: media('visits/fact_sheets/visit-factsheet.pdf'),
      permission: media('visits/visit_permissions/visit-permission.pdf'),
      url: `${B}/api/visits/2/`,
    });
  });

  it('gives null for empty file fields and one entry per organizer (legacy duplicate removed)', async () => {
    const response = await request(app).get('/api/visits/1/').set(headers.charles);
    expect(response.body).toMatchObject({ fact_sheet: null, permission: null, passed: true });
    expect(response.body.organizers.map((organizer: { id: number }) => organizer.id)).toEqual([1, 2]);
    expect(response.body.participants.map((participation: { id: number }) => participation.id)).toEqual([1, 2, 3]);
    // A student sees other participants without their personal data (docs/decisions.md#security-fixes, S2).
    const lea = response.body.participants[1].user;
    expect(lea).toMatchObject({ id: 11, phone_number: null, date_of_birth: null });
  });
});

describe('places on the reference data', () => {
  it('lists places by name with addresses and absolutised images', async () => {
    const response = await request(app).get('/api/places/').set('Host', HOST);
    expect(response.body).toEqual([
      {
        id: 3,
        name: "Cité des sciences et de l'industrie",
        address: {
          line1: '30 avenue Corentin Cariou',
          line2: '',
          post_code: '75019',
          city: 'Paris',
          country: { code: 'FR', name: 'France' },
        },
        description: '',
      },
      {
        id: 1,
        name: 'Palais de la Découverte',
        address: palaisAddress,
        description: `Un musée des sciences.\n\n![plan](${B}/media/markdownx/plan.png)\n\n[Site officiel](http://www.palais-decouverte.fr)`,
      },
      { id: 2, name: 'Philharmonie de Paris', address: null, description: '![façade](http://example.org/philharmonie.jpg)' },
    ]);
  });
});

describe('registrations on the reference data', () => {
  it('lists the five registrations newest first, to staff only', async () => {
    expect((await request(app).get('/api/registrations/').set('Host', HOST)).status).toBe(401);
    expect((await request(app).get('/api/registrations/').set(headers.charles)).status).toBe(403);
    const response = await request(app).get('/api/registrations/').set(headers.admin);
    expect(response.body.map((registration: { id: number }) => registration.id)).toEqual([4, 3, 2, 1, 5]);
    const [mehdi, yanis, emma, charles] = response.body;
    expect(charles).toEqual({
      id: 1,
      email: 'charles.dumont@example.net',
      first_name: 'Charles',
      last_name: 'Dumont',
      date_of_birth: '2002-03-04',
      phone: '0612345678',
      school: '0930965U',
      grade: 'Seconde 4',
      // Stored with microseconds, printed with them as the original did.
      submitted: '2018-05-05T14:15:10.998206+02:00',
      address: { line1: '12 rue de Paris', line2: '', post_code: '93100', city: 'Montreuil', country: { code: 'FR', name: 'France' } },
      emergency_contact: { first_name: 'Marie-Claude', last_name: 'Perret', email: null, home_phone: '+33312344556', mobile_phone: null },
    });
    expect(emma).toMatchObject({
      email: 'Emma.Petit@EXAMPLE.org',
      address: {
        line1: 'Hauptstraße 5',
        line2: '2. Stock',
        post_code: '10115',
        city: 'Berlin',
        country: { code: 'DE', name: 'Allemagne' },
      },
      emergency_contact: {
        first_name: 'Jean',
        last_name: 'Petit',
        email: 'jean.petit@example.org',
        home_phone: '0145454545',
        mobile_phone: '0699999999',
      },
    });
    expect(yanis).toMatchObject({ submitted: '2018-05-07T11:29:59.500000+02:00', grade: null });
    expect(mehdi).toMatchObject({ address: null, emergency_contact: null, school: null, grade: '', date_of_birth: null });
  });

  it('refuses a sign-up with the email of a taken-over account in another case', async () => {
    const response = await request(app)
      .post('/api/registrations/')
      .send({ email: 'ines.bernard@centralesupelec.fr', password: 'foo1234baz', first_name: 'I', last_name: 'B' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ email: ['User with this email already exists'] });
  });
});
