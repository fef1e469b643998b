// API login (SPEC 3.3): credentials → JWT, with failed attempts throttled per client
// address and per account (SPEC 9, S11). Successful logins are never counted.
import { issueToken, type Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { createRateLimiter } from '../platform/rate-limit.ts';
import type { GetTokenBody } from './schemas.ts';
import { userSummarySelect, type UserSummaryRow } from './serializers.ts';
import { checkCredentials, normalizeEmail } from './service.ts';

export const invalidCredentials = "Impossible de se connecter avec les informations d'identification fournies.";

export interface LoginResult {
  token: string;
  user: UserSummaryRow;
  /** The logged-in user as an actor, to serialize their own personal data. */
  actor: Actor;
}

export function createLoginService(ctx: AppContext) {
  const { failuresPerIp, failuresPerAccount, windowSeconds } = ctx.config.loginThrottle;
  const perIp = createRateLimiter({ limit: failuresPerIp, windowSeconds });
  const perAccount = createRateLimiter({ limit: failuresPerAccount, windowSeconds });

  return async function login(body: GetTokenBody, ip: string): Promise<LoginResult> {
    const account = normalizeEmail(body.username);
    perIp.check(ip);
    perAccount.check(account);
    // Counted before the (slow) password check, so that parallel attempts cannot all pass
    // the limit at once; given back on success.
    perIp.hit(ip);
    perAccount.hit(account);
    const credentials = await checkCredentials(ctx.db.prisma, body.username, body.password);
    if (!credentials) throw new ValidationError({ non_field_errors: [invalidCredentials] });
    perIp.release(ip);
    perAccount.reset(account);
    const user = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: credentials.id }, select: userSummarySelect });
    const { id, email, isStaff, isSuperuser } = credentials;
    return { token: issueToken(ctx, credentials), user, actor: { user: { id, email, isStaff, isSuperuser } } };
  };
}
