// Factories for schools, tutoring groups, sessions, tutors and students (tests only).
import type { PrismaClient } from '@prisma/client';
import { createUser } from './actors.ts';

let sequence = 0;
const next = () => (sequence += 1);

/** A school with a unique UAI code (7 digits and a letter) and an address. */
export async function createSchool(prisma: PrismaClient, data: Partial<{ uaiCode: string; name: string; withAddress: boolean }> = {}) {
  const number = next();
  const uaiCode = data.uaiCode ?? `${String(process.pid % 1000).padStart(3, '0')}${String(number).padStart(4, '0')}X`;
  const address =
    data.withAddress === false
      ? undefined
      : { create: { line1: '88 bis rue Jules Guesde', postCode: '93100', city: 'Montreuil', country: 'FR' } };
  return prisma.school.create({ data: { uaiCode, name: data.name ?? `Lycée ${number}`, address } });
}

export async function createTutor(prisma: PrismaClient, promotion = 2020) {
  const user = await createUser(prisma, { isStaff: true });
  return prisma.tutor.create({ data: { userId: user.id, promotion } });
}

export async function createStudent(prisma: PrismaClient, data: Partial<{ tutoringGroupId: number; schoolId: string }> = {}) {
  const user = await createUser(prisma);
  return prisma.student.create({ data: { userId: user.id, ...data } });
}

/** A group of `tutors` tutors (the first one leader) and `students` students. */
export async function createGroup(
  prisma: PrismaClient,
  data: Partial<{ name: string; schoolId: string; tutors: number; students: number }> = {},
) {
  const group = await prisma.tutoringGroup.create({ data: { name: data.name ?? `Groupe ${next()}`, schoolId: data.schoolId } });
  for (let index = 0; index < (data.tutors ?? 0); index += 1) {
    const tutor = await createTutor(prisma);
    await prisma.tutorTutoringGroup.create({ data: { tutorId: tutor.id, tutoringGroupId: group.id, isLeader: index === 0 } });
  }
  for (let index = 0; index < (data.students ?? 0); index += 1) {
    await createStudent(prisma, { tutoringGroupId: group.id, schoolId: data.schoolId });
  }
  return group;
}
