// The benchmark's own correctness (not its timings): the seed makes the promised dataset, and
// the floor's single statement renders the docs/api.md#visits list shape from it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../server/test/context.ts';
import { FLOOR_VISITS_SQL } from './floor-sql.ts';
import { seed, seedStatements, SMALL_SIZE as SIZE } from './seed.ts';

const ORIGIN = 'http://bench.test';

let ctx: TestContext;
let visits: Record<string, unknown>[];

beforeAll(async () => {
  ctx = await createTestContext();
  const client = await ctx.db.pool.connect();
  try {
    await seed(client, SIZE, 'not-a-real-hash');
    const { rows } = await client.query<{ body: string }>(FLOOR_VISITS_SQL, [ORIGIN]);
    visits = JSON.parse(rows[0]!.body);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await ctx?.database.destroy();
});

describe('benchmark seed', () => {
  it('creates the sizes asked for, with working sequences', async () => {
    const { prisma } = ctx.db;
    expect(await prisma.user.count()).toBe(SIZE.students + SIZE.tutors + 1);
    expect(await prisma.student.count()).toBe(SIZE.students);
    expect(await prisma.school.count()).toBe(SIZE.schools);
    expect(await prisma.tutoringGroup.count()).toBe(SIZE.groups);
    expect(await prisma.visit.count()).toBe(SIZE.visits);
    expect(await prisma.participation.count()).toBe(SIZE.visits * SIZE.participantsPerVisit);
    expect(await prisma.tutoringSession.count()).toBe(SIZE.groups * SIZE.sessionsPerGroup);
    const place = await prisma.place.create({ data: { name: 'Après le seed' } });
    expect(place.id).toBe(SIZE.places + 1);
  });

  it('gives the bench admin staff and superuser rights, tutors staff, students none', async () => {
    const admin = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: SIZE.students + SIZE.tutors + 1 } });
    expect([admin.isStaff, admin.isSuperuser, admin.isActive]).toEqual([true, true, true]);
    const tutorUser = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: SIZE.students + 1 } });
    expect([tutorUser.isStaff, tutorUser.isSuperuser]).toEqual([true, false]);
    const studentUser = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: 1 } });
    expect(studentUser.isStaff).toBe(false);
  });

  it('refuses sizes it cannot honour', () => {
    expect(() => seedStatements({ ...SIZE, participantsPerVisit: SIZE.students + 1 })).toThrow(/participants/);
    expect(() => seedStatements({ ...SIZE, visits: 0 })).toThrow(/visits/);
  });
});

describe('floor statement', () => {
  it('answers every visit in date order, with the list keys of the API', () => {
    expect(visits).toHaveLength(SIZE.visits);
    expect(Object.keys(visits[0]!)).toEqual([
      'id',
      'title',
      'summary',
      'place',
      'date',
      'start_time',
      'end_time',
      'deadline',
      'passed',
      'registrations_open',
      'participants',
      'organizers',
      'image',
      'url',
    ]);
    const dates = visits.map((visit) => visit.date as string);
    expect([...dates].sort()).toEqual(dates);
  });

  it('renders ids, times, Paris deadlines, flags and URLs as the API does', async () => {
    const row = await ctx.db.prisma.visit.findUniqueOrThrow({
      where: { id: 4 },
      include: { place: true, participations: true, organizers: { include: { tutor: true } } },
    });
    const visit = visits.find((item) => item.id === 4)!;
    expect(visit.place).toBe(row.place?.name ?? null);
    expect(visit.start_time).toBe('14:00:00');
    expect(visit.end_time).toBe('17:30:00');
    // 23:59 in Paris two days before the visit, with the offset of that date.
    expect(visit.deadline).toMatch(/^\d{4}-\d\d-\d\dT23:59:00\+0[12]:00$/);
    const deadlineDay = new Date(Date.parse(`${visit.date as string}T00:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
    expect((visit.deadline as string).slice(0, 10)).toBe(deadlineDay);
    expect(Date.parse(visit.deadline as string)).toBe(row.deadline.getTime());
    expect(visit.registrations_open).toBe(Date.now() < row.deadline.getTime());
    expect(visit.participants).toEqual(row.participations.map((p) => p.userId).sort((a, b) => a! - b!));
    expect(new Set(visit.participants as number[]).size).toBe(SIZE.participantsPerVisit);
    expect(visit.organizers).toEqual(row.organizers.map((o) => o.tutor.userId).sort((a, b) => a! - b!));
    expect(visit.image).toBe(null); // every fourth visit has no image
    expect(visits.find((item) => item.id === 3)!.image).toBe(`${ORIGIN}/media/visits/images/visit-3.jpg`);
    expect(visit.url).toBe(`${ORIGIN}/api/visits/4/`);
  });

  it('marks visits whose end, in Paris, is past', () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const visit of visits) {
      if ((visit.date as string) < today) expect(visit.passed, `visit ${visit.id as number}`).toBe(true);
      if ((visit.date as string) > today) expect(visit.passed, `visit ${visit.id as number}`).toBe(false);
    }
    expect(visits.some((visit) => visit.passed)).toBe(true);
    expect(visits.some((visit) => !visit.passed)).toBe(true);
  });
});
