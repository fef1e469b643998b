// Schools are named by their UAI code in any case (docs/api.md#schools).
import type { PrismaClient } from '@prisma/client';

/**
 * The stored UAI code of the school `code` names, compared without regard to case, or null.
 * `lower() = lower()`, not Prisma's insensitive `equals`: that is an ILIKE, where `%` and `_`
 * in a client's code matched any school.
 */
export async function findSchoolUaiCode(prisma: Pick<PrismaClient, '$queryRaw'>, code: string): Promise<string | null> {
  const rows = await prisma.$queryRaw<{ uai_code: string }[]>`
    SELECT uai_code FROM tutoring_school WHERE lower(uai_code) = lower(${code}) ORDER BY uai_code LIMIT 1`;
  return rows[0]?.uai_code ?? null;
}
