// The one-statement detail loader gives exactly the rows of Prisma's `visitDetailSelect` (so the
// serializer is unchanged), with the deadline's microseconds Prisma drops.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { microsecondsOf } from '../platform/precise-date.ts';
import { countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { addOrganizer, addParticipation, createPlace, createVisit } from '../test/visit-factories.ts';
import { visitDetailSelect } from './serializers.ts';
import { findVisitDetailRow, findVisitDetailRowsOfParticipant } from './visit-detail-query.ts';

let ctx: TestContext;
let actors: Record<ActorName, TestActor>;
const visits: Record<'full' | 'placeWithoutAddress' | 'bare', number> = { full: 0, placeWithoutAddress: 0, bare: 0 };
let participantId: number;

beforeAll(async () => {
  ctx = await createTestContext();
  actors = await createActors(ctx);
  const { prisma } = ctx.db;
  const withAddress = await createPlace(prisma, { description: 'Un musée ![plan](/media/plan.png)' });
  const withoutAddress = await createPlace(prisma, { withAddress: false });
  visits.full = (await createVisit(prisma, { placeId: withAddress.id, image: 'visits/images/a.jpg', permission: 'p.pdf' })).id;
  visits.placeWithoutAddress = (await createVisit(prisma, { placeId: withoutAddress.id })).id;
  visits.bare = (await createVisit(prisma)).id;
  const participant = await createUser(prisma, { email: 'born@example.net' });
  participantId = participant.id;
  await prisma.user.update({
    where: { id: participant.id },
    data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z') },
  });
  // Out of id order, one participation without a user (the original's nullable column).
  await addParticipation(prisma, visits.full, actors.student.userId!, { accepted: true, present: false });
  await addParticipation(prisma, visits.full, participant.id);
  await prisma.participation.create({ data: { visitId: visits.full, userId: null } });
  await addParticipation(prisma, visits.placeWithoutAddress, participant.id, { accepted: false });
  await addOrganizer(prisma, visits.full, actors.tutor.tutorId!);
  await addOrganizer(prisma, visits.full, actors.leaderTutor.tutorId!);
  const userless = await prisma.tutor.create({ data: { userId: null, promotion: 2020 } });
  await addOrganizer(prisma, visits.full, userless.id);
  // A deadline with microseconds, as the original's database holds them.
  await ctx.db.query("UPDATE visits_visit SET deadline = '2030-05-05 14:15:10.998206+02' WHERE id = $1", [visits.full]);
});
afterAll(() => ctx.database.destroy());

const prismaRows = (where: object) =>
  ctx.db.prisma.visit.findMany({ where, select: visitDetailSelect, orderBy: [{ date: 'asc' }, { id: 'asc' }] });

describe('findVisitDetailRow', () => {
  it.each(['full', 'placeWithoutAddress', 'bare'] as const)('gives Prisma’s row for the %s visit', async (name) => {
    const [expected] = await prismaRows({ id: visits[name] });
    const row = await findVisitDetailRow(ctx.db, visits[name]);
    // Equal to the millisecond (toEqual compares Dates by time), plus the microseconds.
    expect(row).toEqual(expected);
    expect(row!.participations.map((participation) => participation.user?.dateOfBirth ?? null)).toEqual(
      expected!.participations.map((participation) => participation.user?.dateOfBirth ?? null),
    );
  });

  it('keeps the microseconds of the deadline', async () => {
    const row = await findVisitDetailRow(ctx.db, visits.full);
    expect(row!.deadline.toISOString()).toBe('2030-05-05T12:15:10.998Z');
    expect(microsecondsOf(row!.deadline)).toBe(206);
  });

  it('gives null for an unknown id', async () => {
    expect(await findVisitDetailRow(ctx.db, 2_000_000_000)).toBeNull();
  });

  it('lists the visits of a participant as Prisma does, and none for a user without any', async () => {
    expect(await findVisitDetailRowsOfParticipant(ctx.db, participantId)).toEqual(
      await prismaRows({ participations: { some: { userId: participantId } } }),
    );
    expect(await findVisitDetailRowsOfParticipant(ctx.db, actors.staff.userId!)).toEqual([]);
  });
});

describe('GET /api/visits/{id}/', () => {
  it('costs one statement beside authentication, as the list does', async () => {
    const app = createApp(ctx);
    const list = await countQueries(ctx, () => request(app).get('/api/visits/').set(actors.student.headers).expect(200));
    const detail = await countQueries(ctx, () => request(app).get(`/api/visits/${visits.full}/`).set(actors.student.headers).expect(200));
    expect(detail).toBe(list);
  });
});
