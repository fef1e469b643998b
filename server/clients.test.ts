// Contract test of the API's real clients, the association's Angular frontend
// (oser-cs/oser-frontend): every call it makes, with the actor and body it sends, on the
// fixture database taken over from the Django backend; each field the client reads must be
// present with the type it expects. Build c2f8343 (May 2018) makes the main calls; the
// Feb-Mar 2018 and Sept 2018 builds make the last two.
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from './app.ts';
import { connectDatabase, type Database } from './platform/db.ts';
import { createStorage } from './platform/storage.ts';
import { testConfig } from './test/context.ts';
import { formatReport } from './takeover/report.ts';
import { runTakeover } from './takeover/service.ts';
import { createEmptyDatabase, type EmptyDatabase } from './test/database.ts';
import { loadDump, readFixture } from './test/legacy-dump.ts';

vi.setConfig({ testTimeout: 120_000 });

/** Charles Dumont, a student of the fixture: user 8, signed up for visits 1 and 2. */
const CHARLES = { id: 8, email: 'charles.dumont@example.net', password: 'oser-pass-1234' };
const HOST = 'localhost:8000';

let scratch: EmptyDatabase;
let db: Database;
let app: ReturnType<typeof createApp>;
let token: string;

beforeAll(async () => {
  scratch = await createEmptyDatabase();
  await loadDump(scratch.url, readFixture());
  const result = await runTakeover({ databaseUrl: scratch.url });
  if (result.outcome !== 'taken-over') throw new Error(formatReport(result));
  const config = testConfig({ DATABASE_URL: scratch.url, REGISTRATIONS_PER_IP: '0' });
  db = connectDatabase(scratch.url, { poolSize: 4 });
  app = createApp({ config, db, logger: pino({ level: 'silent' }), storage: createStorage(config) });
});

afterAll(async () => {
  await db?.close();
  await scratch?.destroy();
});

type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
const kindOf = (value: unknown): Kind | 'undefined' =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : (typeof value as Kind | 'undefined');

/** Each dotted path must be present with one of the kinds the client can handle. */
function expectFields(value: unknown, fields: Record<string, Kind | Kind[]>, label: string) {
  for (const [path, kinds] of Object.entries(fields)) {
    const found = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], value);
    expect([kinds].flat(), `${label}: ${path} is ${JSON.stringify(found)}`).toContain(kindOf(found));
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}:\d{2}(\.\d{6})?$/;
const ISO_DATETIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?[+-]\d{2}:\d{2}$/;

const get = (path: string) => request(app).get(`/api/${path}`).set('Host', HOST).set('Authorization', `Token ${token}`);
const post = (path: string, body: object) =>
  request(app).post(`/api/${path}`).set('Host', HOST).set('Authorization', `Token ${token}`).send(body);

describe('the frontend build c2f8343, logged in as a student', () => {
  it('POST auth/get-token/ {username, password}: token and user fields; 400 on wrong credentials', async () => {
    const response = await request(app).post('/api/auth/get-token/').send({ username: CHARLES.email, password: CHARLES.password });
    expect(response.status).toBe(200);
    expectFields(
      response.body,
      {
        token: 'string',
        'user.id': 'number',
        'user.first_name': 'string',
        'user.last_name': 'string',
        'user.email': 'string',
        'user.gender': ['string', 'null'],
        'user.phone_number': ['string', 'null'],
        'user.date_of_birth': ['string', 'null'],
      },
      'get-token',
    );
    expect(response.body.user.id).toBe(CHARLES.id);
    token = response.body.token;
    const wrong = await request(app).post('/api/auth/get-token/').send({ username: CHARLES.email, password: 'pas-le-bon' });
    expect(wrong.status).toBe(400);
  });

  it('every request sends Authorization: Token <token>; a token refused is a 401', async () => {
    expect((await get('visits/')).status).toBe(200);
    // The token a browser kept from the Django backend (the fixture's, for Charles) still works.
    const kept = await request(app).get('/api/visits/').set('Authorization', 'Token 0123456789abcdef0123456789abcdef01234567');
    expect(kept.status).toBe(200);
    const refused = await request(app).get('/api/visits/').set('Authorization', 'Token nimporte.quoi.invalide');
    expect(refused.status).toBe(401);
    expect((await request(app).get('/api/visits/')).status).toBe(401);
  });

  it('GET visits/: the list fields, participants and organizers as user id arrays', async () => {
    const response = await get('visits/');
    expect(response.status).toBe(200);
    expect(response.body.length).toBe(4);
    for (const visit of response.body) {
      expectFields(
        visit,
        {
          id: 'number',
          title: 'string',
          summary: 'string',
          place: ['string', 'null'],
          date: 'string',
          start_time: 'string',
          end_time: 'string',
          deadline: 'string',
          passed: 'boolean',
          registrations_open: 'boolean',
          image: ['string', 'null'],
          participants: 'array',
          organizers: 'array',
        },
        `visit ${visit.id}`,
      );
      expect(visit.date).toMatch(ISO_DATE);
      expect(visit.start_time).toMatch(TIME);
      expect(visit.end_time).toMatch(TIME);
      expect(visit.deadline).toMatch(ISO_DATETIME_WITH_OFFSET);
      if (visit.image) expect(visit.image).toMatch(/^https?:\/\//);
      for (const id of [...visit.participants, ...visit.organizers]) expect(typeof id).toBe('number');
    }
    // The "Inscrit" badge: the own user id among the participants.
    const mine = response.body
      .filter((visit: { participants: number[] }) => visit.participants.includes(CHARLES.id))
      .map((visit: { id: number }) => visit.id);
    expect(mine.sort()).toEqual([1, 2]);
    expect(response.body.find((visit: { id: number }) => visit.id === 2).place).toBe('Palais de la Découverte');
  });

  it('GET visits/{id}/: place with its address and country, files, participants and organizers with their users', async () => {
    const response = await get('visits/2/');
    expect(response.status).toBe(200);
    expectFields(
      response.body,
      {
        'place.name': 'string',
        'place.description': 'string',
        'place.address.line1': 'string',
        'place.address.line2': 'string',
        'place.address.post_code': 'string',
        'place.address.city': 'string',
        'place.address.country.name': 'string',
        'place.address.country.code': 'string',
        meeting: ['string', 'null'],
        fact_sheet: ['string', 'null'],
        permission: ['string', 'null'],
        image: ['string', 'null'],
        participants: 'array',
        organizers: 'array',
      },
      'visit 2',
    );
    expect(response.body.participants.length).toBeGreaterThan(0);
    for (const participant of response.body.participants) {
      expectFields(
        participant,
        {
          id: 'number',
          present: ['boolean', 'null'],
          accepted: ['boolean', 'null'],
          visit: 'number',
          'user.id': 'number',
          'user.first_name': 'string',
          'user.last_name': 'string',
        },
        `participant ${participant.id}`,
      );
    }
    expect(response.body.organizers.length).toBeGreaterThan(0);
    for (const organizer of response.body.organizers) {
      expectFields(
        organizer,
        { id: 'number', 'user.first_name': 'string', 'user.last_name': 'string', 'user.phone_number': ['string', 'null'] },
        'organizer',
      );
    }
  });

  it('POST participations/ {user: own id, visit}, then leaving: DELETE participations/{id}/ and POST participations/abandon/ at the same time', async () => {
    const joined = await post('participations/', { user: CHARLES.id, visit: 4 });
    expect(joined.status).toBe(201);
    expectFields(joined.body, { id: 'number', 'user.id': 'number' }, 'participation');
    expect(joined.body.user.id).toBe(CHARLES.id);

    const [deleted, abandoned] = await Promise.all([
      request(app).delete(`/api/participations/${joined.body.id}/`).set('Authorization', `Token ${token}`),
      post('participations/abandon/', { user: CHARLES.id, visit: 4, reason: "J'ai un empêchement." }),
    ]);
    expect(deleted.status).toBe(204);
    expect(abandoned.status).toBe(201);
    expect((await get('visits/4/')).body.participants).toEqual([]);
  });

  it('GET documents/{slug}/: title and Markdown content', async () => {
    const response = await get('documents/mentions-legales/');
    expect(response.status).toBe(200);
    expectFields(response.body, { title: 'string', content: 'string' }, 'document');
  });
});

describe('calls of other builds', () => {
  it("Feb-Mar 2018: GET students/{X}/visits/ with X the logged-in user's id", async () => {
    const response = await get(`students/${CHARLES.id}/visits/`);
    expect(response.status).toBe(200);
    expect(response.body.map((visit: { id: number }) => visit.id)).toEqual([1, 2]);
    for (const visit of response.body)
      expectFields(visit, { id: 'number', title: 'string', participants: 'array', 'place.name': 'string' }, `visit ${visit.id}`);
  });

  it('Sept 2018: POST registrations/ {email, first_name, last_name, phone_number, password}, then logs in', async () => {
    const body = {
      email: 'nouvelle.lyceenne@example.net',
      first_name: 'Sarah',
      last_name: 'Lopez',
      phone_number: '0655443322',
      password: 'sorties-2018',
    };
    const response = await request(app).post('/api/registrations/').send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const login = await request(app).post('/api/auth/get-token/').send({ username: body.email, password: body.password });
    expect(login.status).toBe(200);
    expectFields(login.body, { token: 'string', 'user.id': 'number' }, 'login after sign-up');
  });
});
