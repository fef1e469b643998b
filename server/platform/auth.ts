// Token authentication (docs/api.md#conventions, #authentication): `Authorization: Token <jwt>` (or `Bearer <jwt>`)
// becomes req.actor. Tokens are JWTs signed with SECRET_KEY; a token dies with its user's
// deactivation or password change, since it carries a fingerprint of the password hash.
// The Django backend's tokens are honoured for a while after the takeover (below).
import crypto from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import type { RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { NotAuthenticated } from './errors.ts';

export interface ActorUser {
  id: number;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  /** Has a tutor profile (tutors read students' personal data, docs/decisions.md#security-fixes, S2). */
  isTutor?: boolean;
}

/** Who is calling: a user, or nobody. Services take it as a plain value (STYLE.md). */
export interface Actor {
  user: ActorUser | null;
}

export const anonymous: Actor = Object.freeze({ user: null });

export const authMessages = {
  noCredentials: "En-tête « token » non valide. Informations d'identification non fournies.",
  spaces: "En-tête « token » non valide. Un token ne doit pas contenir d'espaces.",
  invalidToken: 'Token non valide.',
  inactiveUser: 'Utilisateur inactif ou supprimé.',
} as const;

// jsonwebtoken first tries a string secret as a public key (a failing, costly parse on every
// request): hand it a secret KeyObject, made once per secret.
const signingKeys = new Map<string, crypto.KeyObject>();
function signingKey(secretKey: string): crypto.KeyObject {
  let key = signingKeys.get(secretKey);
  if (!key) signingKeys.set(secretKey, (key = crypto.createSecretKey(Buffer.from(secretKey, 'utf8'))));
  return key;
}

function passwordFingerprint(secretKey: string, passwordHash: string): string {
  return crypto.createHmac('sha256', secretKey).update(passwordHash).digest('base64url').slice(0, 22);
}

export function issueToken(ctx: AppContext, user: { id: number; password: string }): string {
  const { secretKey, jwtExpiresIn } = ctx.config;
  return jwt.sign({ pwd: passwordFingerprint(secretKey, user.password) }, signingKey(secretKey), {
    algorithm: 'HS256',
    subject: String(user.id),
    expiresIn: jwtExpiresIn as jwt.SignOptions['expiresIn'],
  });
}

/** Response header carrying a JWT that replaces the legacy token of the request. */
export const LEGACY_REPLACEMENT_HEADER = 'X-Token';

const KEYWORDS = new Set(['token', 'bearer']);

interface ActorRow {
  id: number;
  email: string;
  is_staff: boolean;
  is_superuser: boolean;
  is_active: boolean;
  password: string;
  is_tutor: boolean;
}

const ACTOR_COLUMNS = `u.id, u.email, u.is_staff, u.is_superuser, u.is_active, u.password,
  EXISTS (SELECT 1 FROM profiles_tutor t WHERE t.user_id = u.id) AS is_tutor`;

// A constant text: the pool names its prepared statements by their text (db.ts), and a text
// built per request would be hashed again at every lookup.
const ACTOR_BY_ID = `SELECT ${ACTOR_COLUMNS} FROM users_user u WHERE u.id = $1`;

interface TokenClaims {
  sub?: string;
  pwd?: unknown;
  exp?: number;
}

/**
 * jsonwebtoken's verification (two JSON parses, the HMAC, the claims) cost the visit detail
 * about as much CPU as serializing its answer (docs/benchmark.md), and a client sends the
 * same token with every request. A signature's verdict depends on the token and the key
 * alone, so the claims of a verified token are kept (the last `max` tokens verified, per
 * key); the expiry is checked again at every use, as jsonwebtoken does, and the user row is
 * still read every time (deactivation, password change).
 */
export function createTokenVerifier(max: number) {
  const byKey = new WeakMap<crypto.KeyObject, Map<string, TokenClaims>>();
  return {
    /** The token's claims, or an exception when it is forged, malformed or expired. */
    claims(token: string, key: crypto.KeyObject): TokenClaims {
      let verified = byKey.get(key);
      if (!verified) byKey.set(key, (verified = new Map<string, TokenClaims>()));
      const known = verified.get(token);
      if (known && (known.exp === undefined || Math.floor(Date.now() / 1000) < known.exp)) return known;
      verified.delete(token);
      const claims = jwt.verify(token, key, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      // Not-before is not checked here at a later use: such tokens are verified every time (this server issues none).
      if (claims.nbf === undefined) {
        if (verified.size >= max) verified.delete(verified.keys().next().value!);
        verified.set(token, { sub: claims.sub, pwd: claims.pwd as unknown, exp: claims.exp });
      }
      return claims;
    },
    size: (key: crypto.KeyObject) => byKey.get(key)?.size ?? 0,
  };
}

const tokenVerifier = createTokenVerifier(10_000);

async function jwtUser(ctx: AppContext, token: string): Promise<ActorRow> {
  let claims: TokenClaims;
  try {
    claims = tokenVerifier.claims(token, signingKey(ctx.config.secretKey));
  } catch {
    throw new NotAuthenticated(authMessages.invalidToken);
  }
  const userId = Number(claims.sub);
  if (!Number.isSafeInteger(userId) || userId < 1 || userId > 2_147_483_647) throw new NotAuthenticated(authMessages.invalidToken);
  // One statement per authenticated request, on the pool directly: it runs before every
  // authenticated route, and Prisma's own cost would double this middleware's.
  const [user] = await ctx.db.query<ActorRow>(ACTOR_BY_ID, [userId]);
  if (!user || !user.is_active) throw new NotAuthenticated(authMessages.inactiveUser);
  if (claims.pwd !== passwordFingerprint(ctx.config.secretKey, user.password)) {
    throw new NotAuthenticated(authMessages.invalidToken);
  }
  return user;
}

// ─── Legacy DRF tokens ──────────────────────────────────────────────────────
// The Django backend's API tokens (40 hex characters, table `authtoken_token`, which the
// takeover keeps unless --drop-legacy) keep their users logged in across the switch, for a
// while: the frontend stores its token and would otherwise send everyone to the login page.
// Only a 40-hex token reaches them: a JWT never touches the legacy table.

const LEGACY_TOKEN = /^[0-9a-f]{40}$/;

/** Without LEGACY_TOKENS_UNTIL, legacy tokens work this long after the takeover. */
const LEGACY_TOKEN_DAYS = 90;

/**
 * The takeover records the Django baseline migration as applied without executing it
 * (server/takeover/apply.ts), at the time it runs: that row dates the takeover.
 */
const TAKEOVER_TIME = `SELECT finished_at FROM _prisma_migrations
                       WHERE migration_name = '20180526100000_django_baseline' AND applied_steps_count = 0`;

const UNDEFINED_TABLE = '42P01';

/** When legacy tokens stop working: the configured date, else 90 days after the takeover. */
export function legacyTokensUntil(config: Pick<Config, 'legacyTokensUntil'>, takenOverAt: Date | null): Date | null {
  if (config.legacyTokensUntil) return config.legacyTokensUntil;
  return takenOverAt && new Date(takenOverAt.getTime() + LEGACY_TOKEN_DAYS * 86_400_000);
}

const ACTOR_BY_LEGACY_TOKEN = `SELECT ${ACTOR_COLUMNS}, (${TAKEOVER_TIME}) AS taken_over_at
  FROM authtoken_token k JOIN users_user u ON u.id = k.user_id
  WHERE k.key = $1`;

/** The user of a legacy token still honoured, or null (unknown key, table dropped, past its end). */
async function legacyTokenUser(ctx: AppContext, key: string): Promise<ActorRow | null> {
  let rows: (ActorRow & { taken_over_at: Date | null })[];
  try {
    // One statement, on the pool as the JWT check.
    rows = await ctx.db.query(ACTOR_BY_LEGACY_TOKEN, [key]);
  } catch (error) {
    // No legacy table: a database made from empty, or --drop-legacy ended legacy tokens.
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return null;
    throw error;
  }
  const [row] = rows;
  if (!row) return null;
  const until = legacyTokensUntil(ctx.config, row.taken_over_at);
  if (!until || Date.now() >= until.getTime()) return null;
  return row;
}

/**
 * Deletes a user's legacy tokens: called when their password changes or they are
 * deactivated, as a new JWT dies then too. Without the legacy table, nothing to do.
 */
export async function revokeLegacyTokens(prisma: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>, userId: number): Promise<void> {
  const [table] = await prisma.$queryRaw<{ present: boolean }[]>`SELECT to_regclass('authtoken_token') IS NOT NULL AS present`;
  if (table?.present) await prisma.$executeRaw`DELETE FROM authtoken_token WHERE user_id = ${userId}`;
}

/**
 * Reads the Authorization header; other schemes (Basic…) leave the request anonymous. A
 * legacy DRF token still honoured is answered as a JWT, and the response carries a fresh
 * JWT in `X-Token` for clients that switch.
 */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    req.actor = anonymous;
    const header = req.get('authorization');
    if (!header) return next();
    const parts = header.trim().split(/\s+/);
    if (!KEYWORDS.has(parts[0]!.toLowerCase())) return next();
    if (parts.length === 1) throw new NotAuthenticated(authMessages.noCredentials);
    if (parts.length > 2) throw new NotAuthenticated(authMessages.spaces);
    const token = parts[1]!;

    let user: ActorRow;
    if (LEGACY_TOKEN.test(token)) {
      const legacy = await legacyTokenUser(ctx, token);
      if (!legacy) throw new NotAuthenticated(authMessages.invalidToken);
      if (!legacy.is_active) throw new NotAuthenticated(authMessages.inactiveUser);
      user = legacy;
      res.set(LEGACY_REPLACEMENT_HEADER, issueToken(ctx, user));
    } else {
      user = await jwtUser(ctx, token);
    }
    req.actor = {
      user: { id: user.id, email: user.email, isStaff: user.is_staff, isSuperuser: user.is_superuser, isTutor: user.is_tutor },
    };
    next();
  };
}
