// The actors of the permission matrices (STYLE.md): anonymous, student, tutor, leader
// tutor, staff, superuser — each a real user in the test database with a real token.
import type { PrismaClient } from '@prisma/client';
import { issueToken } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { hashPassword } from '../users/passwords.ts';

export const ACTOR_NAMES = ['anonymous', 'student', 'tutor', 'leaderTutor', 'staff', 'superuser'] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;
let sequence = 0;

/** A user with a unique email; every user's password is TEST_PASSWORD. */
export async function createUser(
  prisma: PrismaClient,
  data: Partial<{ email: string; firstName: string; lastName: string; isStaff: boolean; isSuperuser: boolean; isActive: boolean }> = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  sequence += 1;
  return prisma.user.create({
    data: { email: `user${sequence}-${process.pid}@example.org`, password: await passwordHash, ...data },
  });
}

export interface TestActor {
  name: ActorName;
  userId: number | null;
  studentId: number | null;
  tutorId: number | null;
  /** Headers to send: `{}` for anonymous. */
  headers: Record<string, string>;
}

/**
 * Creates one user per actor. The leader tutor leads `groupId` when given (or a new group);
 * the tutor is a plain member of it.
 */
export async function createActors(ctx: AppContext): Promise<Record<ActorName, TestActor>> {
  const { prisma } = ctx.db;
  const group = await prisma.tutoringGroup.create({ data: { name: 'Groupe des acteurs' } });
  const make = async (name: ActorName, profile: 'student' | 'tutor' | null, flags = {}, leader = false): Promise<TestActor> => {
    const user = await createUser(prisma, { firstName: name, ...flags });
    let studentId: number | null = null;
    let tutorId: number | null = null;
    if (profile === 'student') {
      studentId = (await prisma.student.create({ data: { userId: user.id, tutoringGroupId: group.id } })).id;
    }
    if (profile === 'tutor') {
      tutorId = (await prisma.tutor.create({ data: { userId: user.id, promotion: 2027 } })).id;
      await prisma.user.update({ where: { id: user.id }, data: { isStaff: true } });
      await prisma.tutorTutoringGroup.create({ data: { tutorId, tutoringGroupId: group.id, isLeader: leader } });
    }
    return { name, userId: user.id, studentId, tutorId, headers: { Authorization: `Token ${issueToken(ctx, user)}` } };
  };
  return {
    anonymous: { name: 'anonymous', userId: null, studentId: null, tutorId: null, headers: {} },
    student: await make('student', 'student'),
    tutor: await make('tutor', 'tutor'),
    leaderTutor: await make('leaderTutor', 'tutor', {}, true),
    staff: await make('staff', null, { isStaff: true }),
    superuser: await make('superuser', null, { isStaff: true, isSuperuser: true }),
  };
}

/** Runs `work` and returns how many SQL statements it sent (N+1 tests). */
export async function countQueries(ctx: AppContext, work: () => Promise<unknown>): Promise<number> {
  const before = ctx.db.queryCount();
  await work();
  return ctx.db.queryCount() - before;
}
