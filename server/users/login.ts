// Logging in, for the API (a JWT, docs/api.md#authentication) and the panel (a session, admin/platform/login.ts) alike:
// the same credential check and the same failure counters, so that neither door gives an
// attacker more attempts than the other. Successful logins are never counted.
import { issueToken, type Actor } from '../platform/auth.ts';
import type { AppContext } from '../platform/context.ts';
import { ValidationError } from '../platform/errors.ts';
import { counter, createRateLimits, type LimitRule } from '../platform/rate-limit.ts';
import type { GetTokenBody } from './schemas.ts';
import { userSummarySelect, type UserSummaryRow } from './serializers.ts';
import { checkCredentials, normalizeEmail } from './service.ts';

export const invalidCredentials = "Impossible de se connecter avec les informations d'identification fournies.";

type Credentials = NonNullable<Awaited<ReturnType<typeof checkCredentials>>>;

/**
 * Failed logins are counted three ways (README "Security"): per client address, whatever the
 * account (password spraying); per account and client, with a delay that doubles after a few
 * failures (guessing); per account from every client, with a higher ceiling (guessing from
 * many addresses). The owner, from another client, is not held back by a stranger's failures
 * below that ceiling.
 */
function loginRules(config: AppContext['config']): Record<'address' | 'client' | 'account', LimitRule> {
  const { failuresPerIp, failuresPerAccount, failuresPerClient, retryDelaySeconds, windowSeconds } = config.loginThrottle;
  return {
    address: { name: 'login-address', limit: failuresPerIp, windowSeconds, delaySeconds: 0 },
    client: { name: 'login-client', limit: failuresPerClient, windowSeconds, delaySeconds: retryDelaySeconds },
    account: { name: 'login-account', limit: failuresPerAccount, windowSeconds, delaySeconds: 0 },
  };
}

/** The active user with these credentials, or null; throws 429 once the failures are used up. */
export type Authenticate = (email: string, password: string, clientAddress: string) => Promise<Credentials | null>;

export function createAuthenticate(ctx: AppContext): Authenticate {
  const limits = createRateLimits(ctx.db);
  const rules = loginRules(ctx.config);
  return async (email, password, clientAddress) => {
    const account = normalizeEmail(email);
    const address = counter(rules.address, clientAddress);
    const perAccount = counter(rules.account, account);
    const client = counter(rules.client, `${account}\n${clientAddress}`);
    // Counted before the (slow) password check, so that parallel attempts cannot all pass
    // the limits at once; given back on success.
    await limits.take(address, client, perAccount);
    const credentials = await checkCredentials(ctx.db.prisma, email, password);
    if (!credentials) return null;
    await limits.giveBack(address, perAccount);
    await limits.forget(client);
    return credentials;
  };
}

export interface LoginResult {
  token: string;
  user: UserSummaryRow;
  /** The logged-in user as an actor, to serialize their own personal data. */
  actor: Actor;
}

/** The API's login: a token for valid credentials, else DRF's 400. */
export function createLoginService(ctx: AppContext) {
  const authenticate = createAuthenticate(ctx);
  return async function login(body: GetTokenBody, clientAddress: string): Promise<LoginResult> {
    const credentials = await authenticate(body.username, body.password, clientAddress);
    if (!credentials) throw new ValidationError({ non_field_errors: [invalidCredentials] });
    const user = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: credentials.id }, select: userSummarySelect });
    const { id, email, isStaff, isSuperuser } = credentials;
    return { token: issueToken(ctx, credentials), user, actor: { user: { id, email, isStaff, isSuperuser } } };
  };
}
