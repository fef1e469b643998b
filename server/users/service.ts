// Accounts: email normalisation and lookup, credential checks, first administrators.
import type { PrismaClient } from '@prisma/client';
import type { Database } from '../platform/db.ts';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.ts';

/** docs/api.md#authentication: emails are trimmed and lower-cased on every write, compared case-insensitively. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The pseudo-user django-guardian created in the original database (docs/decisions.md#data-model). */
export const ANONYMOUS_USER_EMAIL = 'AnonymousUser';
/** Prisma filter: django-guardian's pseudo-user is not a real account (docs/decisions.md#bug-fixes, B18). */
export const realUsers = { email: { not: ANONYMOUS_USER_EMAIL } } as const;

export async function findUserIdByEmail(prisma: PrismaClient, email: string): Promise<number | null> {
  const rows = await prisma.$queryRaw<{ id: number }[]>`
    SELECT id FROM users_user WHERE lower(email) = lower(${email.trim()}) LIMIT 1`;
  return rows[0]?.id ?? null;
}

const credentialUserSelect = {
  id: true,
  email: true,
  password: true,
  isActive: true,
  isStaff: true,
  isSuperuser: true,
} as const;

/**
 * The active user with these credentials, or null. A legacy (Django) or outdated hash is
 * replaced by an argon2id hash of the same password on success (docs/api.md#authentication).
 */
export async function checkCredentials(prisma: PrismaClient, email: string, password: string) {
  // No account has a NUL in its email, and PostgreSQL would refuse the lookup.
  const id = email.includes('\0') ? null : await findUserIdByEmail(prisma, email);
  const user = id === null ? null : await prisma.user.findUnique({ where: { id }, select: credentialUserSelect });
  if (!user) {
    await verifyAgainstDecoy(password);
    return null;
  }
  const check = await verifyPassword(user.password, password);
  if (!check.valid || !user.isActive) return null;
  if (check.needsRehash) {
    user.password = await hashPassword(password);
    await prisma.user.update({ where: { id: user.id }, data: { password: user.password } });
  }
  return user;
}

/**
 * Ends the panel sessions of a user whose password changed, but `keepSessionId` (the session
 * that changed it): whoever had logged in with the old password is out.
 */
export async function endOtherAdminSessions(prisma: PrismaClient, userId: number, keepSessionId?: string): Promise<void> {
  await prisma.$executeRaw`
    DELETE FROM oser_admin_session
    WHERE sess -> 'adminUser' ->> 'id' = ${String(userId)} AND sid IS DISTINCT FROM ${keepSessionId ?? null}`;
}

/** Users that count as "existing" for initadmin: all but the guardian pseudo-user. */
export function countRealUsers(prisma: PrismaClient): Promise<number> {
  return prisma.user.count({ where: realUsers });
}

/**
 * Whether a real user exists, in plain SQL (`realUsers`'s twin, kept equal by its test): the server asks
 * at every start, and Prisma's first query costs about 0.1 s of CPU to set up, better spent on
 * the first request that needs Prisma than on the start (docs/benchmark.md, start-up).
 */
export async function anyRealUser(db: Database): Promise<boolean> {
  const [row] = await db.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM users_user WHERE email <> $1) AS found', [
    ANONYMOUS_USER_EMAIL,
  ]);
  return row!.found;
}

export class AdminsAlreadyInitialized extends Error {
  constructor() {
    super('Admin users can only be initialized if no users exist.');
  }
}

/**
 * docs/decisions.md#commands: creates the configured administrators (staff + superuser) when no user exists.
 * The count and the inserts run in one serializable transaction, so two concurrent runs
 * cannot both create them.
 */
export async function initializeAdmins(
  prisma: PrismaClient,
  admins: { name: string; email: string }[],
  password: string,
): Promise<{ name: string; email: string }[]> {
  const hash = await hashPassword(password);
  return prisma.$transaction(
    async (tx) => {
      if ((await countRealUsers(tx as PrismaClient)) > 0) throw new AdminsAlreadyInitialized();
      for (const admin of admins) {
        await tx.user.create({
          data: {
            email: normalizeEmail(admin.email),
            firstName: admin.name.slice(0, 150),
            password: hash,
            isStaff: true,
            isSuperuser: true,
            isActive: true,
          },
        });
      }
      return admins;
    },
    { isolationLevel: 'Serializable' },
  );
}
