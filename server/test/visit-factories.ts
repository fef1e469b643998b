// Factories of the visits domain for tests: places, visits, organizers, participations.
import type { PrismaClient } from '@prisma/client';

const DAY = 86_400_000;
let sequence = 0;

/** A UTC-midnight Date `days` from today (DATE columns). */
export function dayOffset(days: number): Date {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY);
}

/** A TIME column value. */
export function timeOfDay(value: string): Date {
  return new Date(`1970-01-01T${value}Z`);
}

export async function createPlace(prisma: PrismaClient, data: Partial<{ name: string; description: string; withAddress: boolean }> = {}) {
  sequence += 1;
  const address =
    data.withAddress === false
      ? null
      : await prisma.address.create({
          data: { line1: 'Avenue Franklin Delano Roosevelt', postCode: '75008', city: 'Paris', country: 'FR' },
        });
  return prisma.place.create({
    data: { name: data.name ?? `Lieu ${sequence}`, description: data.description ?? '', addressId: address?.id ?? null },
  });
}

/** A visit in 30 days whose registrations are open (deadline in 20 days) unless `closed`. */
export async function createVisit(
  prisma: PrismaClient,
  data: Partial<{
    title: string;
    placeId: number | null;
    days: number;
    closed: boolean;
    image: string | null;
    factSheet: string | null;
    permission: string | null;
    description: string;
  }> = {},
) {
  sequence += 1;
  const days = data.days ?? 30;
  return prisma.visit.create({
    data: {
      title: data.title ?? `Sortie ${sequence}`,
      date: dayOffset(days),
      startTime: timeOfDay('14:00:00'),
      endTime: timeOfDay('16:30:00'),
      deadline: data.closed ? new Date(Date.now() - DAY) : new Date(Date.now() + 20 * DAY),
      placeId: data.placeId ?? null,
      image: data.image ?? null,
      factSheet: data.factSheet ?? null,
      permission: data.permission ?? null,
      description: data.description ?? '',
    },
  });
}

export function addOrganizer(prisma: PrismaClient, visitId: number, tutorId: number) {
  return prisma.visitOrganizer.create({ data: { visitId, tutorId } });
}

export function addParticipation(
  prisma: PrismaClient,
  visitId: number,
  userId: number,
  flags: { accepted?: boolean | null; present?: boolean | null } = {},
) {
  return prisma.participation.create({ data: { visitId, userId, accepted: flags.accepted ?? null, present: flags.present ?? null } });
}

/** Row counts of every table a write route of this domain may touch (no-partial-write checks). */
export async function countRows(prisma: PrismaClient) {
  const [users, students, tutors, participations, visits, organizers, places, outbox, registrations, addresses, contacts, schools] =
    await Promise.all([
      prisma.user.count(),
      prisma.student.count(),
      prisma.tutor.count(),
      prisma.participation.count(),
      prisma.visit.count(),
      prisma.visitOrganizer.count(),
      prisma.place.count(),
      prisma.outboxMessage.count(),
      prisma.registration.count(),
      prisma.address.count(),
      prisma.emergencyContact.count(),
      prisma.school.count(),
    ]);
  return { users, students, tutors, participations, visits, organizers, places, outbox, registrations, addresses, contacts, schools };
}
