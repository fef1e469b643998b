// The one-statement detail loader gives exactly the rows of Prisma's `visitDetailSelect` (so the
// serializer is unchanged), with the deadline's microseconds Prisma drops; the detail's JSON
// text written by PostgreSQL is, byte for byte, its JavaScript twin's, for every kind of viewer.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { microsecondsOf } from '../platform/precise-date.ts';
import { countQueries, createActors, createUser, type ActorName, type TestActor } from '../test/actors.ts';
import { createTestContext, type TestContext } from '../test/context.ts';
import { addOrganizer, addParticipation, createPlace, createVisit } from '../test/visit-factories.ts';
import type { Actor } from '../platform/auth.ts';
import { toVisitDetailJson, visitDetailSelect } from './serializers.ts';
import { findVisitDetailRow, findVisitDetailRowsOfParticipant, visitDetailJsonText } from './visit-detail-query.ts';

let ctx: TestContext;
let actors: Record<ActorName, TestActor>;
const visits: Record<'full' | 'placeWithoutAddress' | 'bare' | 'odd', number> = { full: 0, placeWithoutAddress: 0, bare: 0, odd: 0 };
let participantId: number;
let strangerId: number;
const ODD = 'Guillemets " et \\ barre, contrôle \u0001\t, 😀, séparateur \u2028 </script>';

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
  // Characters JSON must escape, unsafe Markdown links, sub-second times, a user without names.
  visits.odd = (await createVisit(prisma, { title: ODD, description: `[lien](javascript:alert(1)) ${ODD}`, factSheet: 'fiches/f.pdf' })).id;
  await ctx.db.query("UPDATE visits_visit SET summary = $2, meeting = $2, start_time = '09:05:00.25' WHERE id = $1", [visits.odd, ODD]);
  const oddUser = await createUser(prisma, { email: 'odd"\\@example.net', firstName: ODD, lastName: '' });
  await prisma.user.update({
    where: { id: oddUser.id },
    data: { phoneNumber: '06 "\\ \u0001', dateOfBirth: new Date('2009-12-31T00:00:00Z') },
  });
  await addParticipation(prisma, visits.odd, oddUser.id, { accepted: true, present: true });
  await addParticipation(prisma, visits.odd, participantId);
  strangerId = (await createUser(prisma)).id;
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

describe('visitDetailJsonText', () => {
  const viewer = (id: number | null, flags: Partial<Record<'isStaff' | 'isSuperuser' | 'isTutor', boolean>> = {}): Actor => ({
    user: id === null ? null : { id, email: '', isStaff: false, isSuperuser: false, ...flags },
  });
  const viewers = (): Record<string, Actor> => ({
    anonymous: viewer(null),
    'the participant': viewer(participantId),
    'another student': viewer(strangerId),
    tutor: viewer(actors.tutor.userId, { isTutor: true }),
    staff: viewer(actors.staff.userId, { isStaff: true }),
    superuser: viewer(actors.superuser.userId, { isSuperuser: true }),
  });
  const nows = {
    'registrations open': new Date(),
    'deadline passed': new Date('2031-01-01T00:00:00Z'),
    'long ago': new Date('2001-01-01T00:00:00Z'),
  };

  it.each(['full', 'placeWithoutAddress', 'bare', 'odd'] as const)(
    'writes the %s visit as JSON.stringify(toVisitDetailJson(…)) would',
    async (name) => {
      const row = await findVisitDetailRow(ctx.db, visits[name]);
      for (const [who, actor] of Object.entries(viewers())) {
        for (const [when, now] of Object.entries(nows)) {
          // The origin comes from the Host header: odd characters must be escaped alike.
          for (const origin of ['https://api.oser-cs.fr', 'http://h"o\\st']) {
            const options = { origin, viewer: actor, storage: ctx.storage, now };
            const text = await visitDetailJsonText(ctx.db, visits[name], options);
            expect(text, `${who}, ${when}, ${origin}`).toBe(JSON.stringify(await toVisitDetailJson(row!, options)));
          }
        }
      }
    },
  );

  it('shows personal data to the person, tutors and staff only', async () => {
    const phones = async (actor: Actor) => {
      const text = await visitDetailJsonText(ctx.db, visits.odd, { origin: 'http://localhost', viewer: actor, storage: ctx.storage });
      return (JSON.parse(text!) as { participants: { user: { id: number; phone_number: string | null } }[] }).participants.map(
        ({ user }) => user.phone_number !== null,
      );
    };
    const { anonymous, ...others } = viewers();
    expect(await phones(anonymous!)).toEqual([false, false]);
    expect(await phones(others['another student']!)).toEqual([false, false]);
    expect(await phones(others['the participant']!)).toEqual([false, true]);
    for (const who of ['tutor', 'staff', 'superuser']) expect(await phones(others[who]!), who).toEqual([true, true]);
  });

  it('gives null for an unknown id', async () => {
    expect(
      await visitDetailJsonText(ctx.db, 2_000_000_000, { origin: 'http://localhost', viewer: viewer(null), storage: ctx.storage }),
    ).toBeNull();
  });
});
