// The tutors and students of the profiles tests: a tutor in two groups, and Charles, a
// student with a full registration (address in Germany) and two visits created out of date
// order, so that orders must be computed, not inherited from insertion.
import type { PrismaClient } from '@prisma/client';
import { issueToken } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { createUser } from './actors.ts';
import { createGroup, createStudent, createTutor } from './tutoring-factories.ts';
import { addParticipation, createVisit } from './visit-factories.ts';

export async function seedProfiles(ctx: AppContext) {
  const { prisma } = ctx.db;
  await prisma.school.create({ data: { uaiCode: '0930965U', name: 'Lycée Henri Matisse' } });
  const tutor = await createTutor(prisma, 2020);
  await prisma.user.update({ where: { id: tutor.userId! }, data: { firstName: 'John', lastName: 'Doe', email: 'john.doe@example.com' } });
  const groupB = await createGroup(prisma, { name: 'B group', schoolId: '0930965U' });
  const groupA = await createGroup(prisma, { name: 'A group' });
  for (const group of [groupB, groupA]) await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id } });

  const user = await createUser(prisma, { email: 'charles.dumont@example.net', firstName: 'Charles', lastName: 'Dumont' });
  await prisma.user.update({ where: { id: user.id }, data: { phoneNumber: '0612345678', dateOfBirth: new Date('2002-03-04T00:00:00Z') } });
  const registration = await prisma.registration.create({
    data: {
      firstName: 'Charles',
      lastName: 'Dumont',
      email: 'charles.dumont@example.net',
      submitted: new Date('2018-05-05T12:15:10.998Z'),
      address: { create: { line1: '88 bis rue Jules Guesde', postCode: '93100', city: 'Montreuil', country: 'DE' } },
      emergencyContact: { create: { firstName: 'Marie-Claude', lastName: 'Perret', homePhone: '+33312344556' } },
    },
  });
  const charles = await prisma.student.create({
    data: { userId: user.id, tutoringGroupId: groupB.id, schoolId: '0930965U', registrationId: registration.id },
  });
  const later = await createVisit(prisma, { days: 40 });
  const sooner = await createVisit(prisma, { days: 10 });
  await addParticipation(prisma, later.id, user.id, { accepted: true });
  await addParticipation(prisma, sooner.id, user.id);
  return {
    tutor,
    groupA,
    groupB,
    charles,
    charlesHeaders: { Authorization: `Token ${issueToken(ctx, user)}` },
    visits: [sooner, later],
  };
}

/** A student with a registration (address, contact), in `groupId`, in a new visit and `visitId`. */
export async function createStudentWithEverything(prisma: PrismaClient, groupId: number, visitId: number) {
  const student = await createStudent(prisma, { tutoringGroupId: groupId });
  const registration = await prisma.registration.create({
    data: {
      firstName: 'X',
      lastName: 'Y',
      email: 'x@example.org',
      address: { create: { line1: 'l', postCode: 'p', city: 'c' } },
      emergencyContact: { create: { firstName: 'E', lastName: 'C' } },
    },
  });
  await prisma.student.update({ where: { id: student.id }, data: { registrationId: registration.id } });
  const visit = await createVisit(prisma);
  await addParticipation(prisma, visit.id, student.userId!);
  await addParticipation(prisma, visitId, student.userId!);
  return student;
}
