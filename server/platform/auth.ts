// Token authentication (SPEC 3.1, 3.3): `Authorization: Token <jwt>` (or `Bearer <jwt>`)
// becomes req.actor. Tokens are JWTs signed with SECRET_KEY; a token dies with its user's
// deactivation or password change, since it carries a fingerprint of the password hash.
import crypto from 'node:crypto';
import type { RequestHandler } from 'express';
import jwt from 'jsonwebtoken';
import type { AppContext } from './context.ts';
import { NotAuthenticated } from './errors.ts';

export interface ActorUser {
  id: number;
  email: string;
  isStaff: boolean;
  isSuperuser: boolean;
  /** Has a tutor profile (tutors read students' personal data, lead decision S2). */
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

/** Reads the Authorization header; other schemes (Basic…) leave the request anonymous. */
export function authenticate(ctx: AppContext): RequestHandler {
  return async (req, _res, next) => {
    req.actor = anonymous;
    const header = req.get('authorization');
    if (!header) return next();
    const parts = header.trim().split(/\s+/);
    if (!KEYWORDS.has(parts[0]!.toLowerCase())) return next();
    if (parts.length === 1) throw new NotAuthenticated(authMessages.noCredentials);
    if (parts.length > 2) throw new NotAuthenticated(authMessages.spaces);

    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(parts[1]!, signingKey(ctx.config.secretKey), { algorithms: ['HS256'] }) as jwt.JwtPayload;
    } catch {
      throw new NotAuthenticated(authMessages.invalidToken);
    }
    const userId = Number(claims.sub);
    if (!Number.isSafeInteger(userId) || userId < 1 || userId > 2_147_483_647) throw new NotAuthenticated(authMessages.invalidToken);
    // One statement per authenticated request, on the pool directly: it runs before every
    // authenticated route, and Prisma's own cost would double this middleware's.
    const [user] = await ctx.db.query<ActorRow>(
      `SELECT u.id, u.email, u.is_staff, u.is_superuser, u.is_active, u.password,
              EXISTS (SELECT 1 FROM profiles_tutor t WHERE t.user_id = u.id) AS is_tutor
       FROM users_user u WHERE u.id = $1`,
      [userId],
    );
    if (!user || !user.is_active) throw new NotAuthenticated(authMessages.inactiveUser);
    if (claims.pwd !== passwordFingerprint(ctx.config.secretKey, user.password)) {
      throw new NotAuthenticated(authMessages.invalidToken);
    }
    req.actor = {
      user: { id: user.id, email: user.email, isStaff: user.is_staff, isSuperuser: user.is_superuser, isTutor: user.is_tutor },
    };
    next();
  };
}
