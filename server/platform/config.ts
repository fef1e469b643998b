// Configuration: read from the environment once, validated with zod (docs/decisions.md#configuration).
// Nothing else reads process.env.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { passwordProblems } from '../users/passwords.ts';

const DEFAULT_CORS_ORIGIN_REGEXES = [
  String.raw`^(https?://)?localhost(:\d+)?$`,
  String.raw`^(https?://)?127\.0\.0\.1(:\d+)?$`,
  String.raw`^(https?://)?(.+\.)?oser-cs\.fr$`,
];
const DEVELOPMENT_SECRET_KEY = 'development-only-secret-key-never-used-in-production';
const DEVELOPMENT_ADMIN_PASSWORD = 'admin';

/** Strict booleans (docs/decisions.md#security-fixes, S9: "False" must not mean true). */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const AdminAccount = z.object({ name: z.string().min(1), email: z.string().email() });

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('data'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // `false` behind a pooler in transaction mode that does not keep prepared statements (platform/db.ts).
  DATABASE_PREPARED_STATEMENTS: booleanFlag.default('true'),
  // Worker processes (node:cluster) sharing the port; Heroku's name for it.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // Bearer token of GET /metrics; without it /metrics is open in development, off in production.
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters long').optional(),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters long').optional(),
  JWT_EXPIRES_IN: z
    .string()
    .regex(/^\d+[smhd]?$/, 'must be a duration such as 3600, 12h or 30d')
    .default('30d'),
  // When the old 40-hex DRF tokens stop working; unset: 90 days after the takeover ran.
  LEGACY_TOKENS_UNTIL: z
    .string()
    .refine(
      (value) => /^\d{4}-\d{2}-\d{2}([T ].+)?$/.test(value) && !Number.isNaN(Date.parse(value)),
      'must be a date such as 2027-03-01 or 2027-03-01T00:00:00+01:00',
    )
    .transform((value) => new Date(value))
    .optional(),
  // How many proxies in front of the server set X-Forwarded-* (Heroku: 1); their headers only
  // are believed. `true` would trust any client-chosen X-Forwarded-For (docs in README "Security").
  TRUST_PROXY: z
    .string()
    .regex(/^\d{1,2}$/, 'must be the number of proxies in front of the server (0 when none, 1 on Heroku or behind one nginx)')
    .transform(Number)
    .default('0'),
  ALLOWED_HOSTS: commaList.optional(),
  CORS_ORIGIN_REGEXES: commaList.optional(),
  SITE_URL: z.string().url().default('http://oser-cs.fr'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ADMINS: z.string().optional(),
  ADMIN_NAME: z.string().default('Secteur Geek'),
  ADMIN_EMAIL: z.string().email().default('oser.geek@gmail.com'),
  ADMIN_INITIAL_PASSWORD: z.string().min(1).optional(),
  MAILS_ENABLED: booleanFlag.optional(),
  MAILS_NOTIFICATIONS_ADDRESS: z.string().email().default('notifications@oser-cs.fr'),
  VISITS_TEAM_EMAIL: z.string().email().optional(),
  SENDGRID_API_KEY: z.string().min(1).optional(),
  SENDGRID_SANDBOX: booleanFlag.optional(),
  SMTP_URL: z.string().url().optional(),
  SENDGRID_API_URL: z.string().url().optional(),
  MAIL_POLL_SECONDS: z.coerce.number().positive().default(2),
  MAIL_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(12),
  // How long a claimed email stays reserved for the process sending it (a crashed one's come back after it).
  MAIL_LEASE_SECONDS: z.coerce.number().positive().default(300),
  STORAGE: z.enum(['local', 's3']).optional(),
  MEDIA_ROOT: z.string().optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_STORAGE_BUCKET_NAME: z.string().min(1).optional(),
  AWS_S3_REGION_NAME: z.string().min(1).default('eu-west-1'),
  AWS_S3_ENDPOINT_URL: z.string().url().optional(),
  AWS_S3_PUBLIC_URL: z.string().url().optional(),
  AWS_S3_PRESIGNED_URLS: booleanFlag.default('false'),
  CLEAN_MEDIA_ENABLED: booleanFlag.optional(),
  CLEAN_MEDIA_CRON: z.string().default('0 22 * * *'),
  CLEAN_MEDIA_MIN_AGE_HOURS: z.coerce.number().min(0).default(24),
  // Failed logins (API and panel together) before 429, per window (0 disables a limit): per
  // address, per account from all clients (a ceiling), and per account from one client, after
  // which each failure waits LOGIN_RETRY_DELAY_SECONDS, doubled each time (README "Security").
  LOGIN_FAILURES_PER_IP: z.coerce.number().int().min(0).default(20),
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(0).default(50),
  LOGIN_FAILURES_PER_CLIENT: z.coerce.number().int().min(0).default(5),
  LOGIN_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  // Abandon notices per user and sign-up attempts per address (docs/decisions.md#security-fixes, S5, S11); 0 disables.
  ABANDONS_PER_USER: z.coerce.number().int().min(0).default(5),
  ABANDON_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
  REGISTRATIONS_PER_IP: z.coerce.number().int().min(0).default(60),
  REGISTRATION_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(3600),
});

export class ConfigError extends Error {}

function parseAdmins(env: z.infer<typeof EnvSchema>): { name: string; email: string }[] {
  if (!env.ADMINS) return [{ name: env.ADMIN_NAME, email: env.ADMIN_EMAIL }];
  let raw: unknown;
  try {
    raw = JSON.parse(env.ADMINS);
  } catch {
    throw new ConfigError('ADMINS: must be a JSON list such as [{"name": "…", "email": "…"}]');
  }
  const admins = z.array(AdminAccount).min(1).safeParse(raw);
  if (!admins.success) {
    throw new ConfigError('ADMINS: must be a JSON list such as [{"name": "…", "email": "…"}]');
  }
  return admins.data;
}

/** Parses an environment; throws ConfigError with one readable line on any problem. */
export function parseConfig(source: Record<string, string | undefined>) {
  // An empty variable counts as unset (`DATABASE_URL= npm start`).
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const env = parsed.data;
  const production = env.NODE_ENV === 'production';
  if (production) {
    const missing = ['SECRET_KEY', 'DATABASE_URL', 'VISITS_TEAM_EMAIL'].filter((name) => !env[name as keyof typeof env]);
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} must be set in production`);
    }
    if (env.SECRET_KEY === DEVELOPMENT_SECRET_KEY) {
      throw new ConfigError('Invalid configuration: SECRET_KEY may not be the development key in production');
    }
    if (env.ADMIN_INITIAL_PASSWORD !== undefined && passwordProblems(env.ADMIN_INITIAL_PASSWORD).length > 0) {
      throw new ConfigError(`Invalid configuration: ADMIN_INITIAL_PASSWORD: ${passwordProblems(env.ADMIN_INITIAL_PASSWORD).join(' ')}`);
    }
  }
  const s3Enabled = env.STORAGE ? env.STORAGE === 's3' : Boolean(env.AWS_STORAGE_BUCKET_NAME);
  if (s3Enabled && !env.AWS_STORAGE_BUCKET_NAME) {
    throw new ConfigError('Invalid configuration: STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME');
  }
  const dataDir = path.resolve(env.DATA_DIR);
  if (!env.DATABASE_URL && (env.WEB_CONCURRENCY ?? 1) > 1) {
    throw new ConfigError('Invalid configuration: WEB_CONCURRENCY above 1 needs DATABASE_URL (the embedded database lives in one process)');
  }

  return {
    env: env.NODE_ENV,
    isProduction: production,
    port: env.PORT,
    host: env.HOST,
    /** Unset: the embedded PostgreSQL (PGlite) under `<dataDir>/pglite` is used. */
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    /** Only on a real PostgreSQL: the embedded database's connections share one session. */
    databasePreparedStatements: Boolean(env.DATABASE_URL) && env.DATABASE_PREPARED_STATEMENTS,
    /** Worker processes: every core on a real PostgreSQL, one on the embedded database. */
    webConcurrency: env.WEB_CONCURRENCY ?? (env.DATABASE_URL ? os.availableParallelism() : 1),
    /** `null`: /metrics answers 404 (production without METRICS_TOKEN); `undefined`: open. */
    metricsToken: env.METRICS_TOKEN ?? (production ? null : undefined),
    dataDir,
    secretKey: env.SECRET_KEY ?? DEVELOPMENT_SECRET_KEY,
    jwtExpiresIn: /^\d+$/.test(env.JWT_EXPIRES_IN) ? Number(env.JWT_EXPIRES_IN) : env.JWT_EXPIRES_IN,
    /** Unset: legacy DRF tokens work until 90 days after the takeover (platform/auth.ts). */
    legacyTokensUntil: env.LEGACY_TOKENS_UNTIL,
    /** Hop count for Express's `trust proxy`: X-Forwarded-For/-Proto/-Host are read only from these. */
    trustProxy: env.TRUST_PROXY,
    /** Empty list: every host is accepted (development and tests only). */
    allowedHosts:
      env.ALLOWED_HOSTS ??
      (production ? ['localhost', 'oser-backend.herokuapp.com', 'oser-backend-staging.herokuapp.com', 'oser-cs.fr'] : []),
    corsOriginRegexes: (env.CORS_ORIGIN_REGEXES ?? DEFAULT_CORS_ORIGIN_REGEXES).map((source) => new RegExp(source)),
    siteUrl: env.SITE_URL.replace(/\/$/, ''),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    admins: parseAdmins(env),
    adminInitialPassword: env.ADMIN_INITIAL_PASSWORD ?? (production ? undefined : DEVELOPMENT_ADMIN_PASSWORD),
    mail: {
      enabled: env.MAILS_ENABLED ?? env.NODE_ENV !== 'test',
      from: env.MAILS_NOTIFICATIONS_ADDRESS,
      visitsTeamEmail: env.VISITS_TEAM_EMAIL ?? (production ? undefined : 'sorties@oser-cs.fr'),
      sendgridApiKey: env.SENDGRID_API_KEY,
      sendgridSandbox: env.SENDGRID_SANDBOX ?? !production,
      smtpUrl: env.SMTP_URL,
      outboxDir: path.join(dataDir, 'mails'),
      /** Test fakes of SendGrid's HTTP API only. */
      sendgridApiUrl: env.SENDGRID_API_URL,
      worker: {
        pollMs: env.MAIL_POLL_SECONDS * 1000,
        retryBaseMs: env.MAIL_RETRY_BASE_SECONDS * 1000,
        maxAttempts: env.MAIL_MAX_ATTEMPTS,
        leaseMs: env.MAIL_LEASE_SECONDS * 1000,
      },
    },
    storage: s3Enabled
      ? {
          kind: 's3' as const,
          bucket: env.AWS_STORAGE_BUCKET_NAME!,
          region: env.AWS_S3_REGION_NAME,
          endpoint: env.AWS_S3_ENDPOINT_URL,
          publicUrl: env.AWS_S3_PUBLIC_URL,
          presignedUrls: env.AWS_S3_PRESIGNED_URLS,
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          keyPrefix: 'media/',
        }
      : { kind: 'local' as const, root: path.resolve(env.MEDIA_ROOT ?? path.join(env.DATA_DIR, 'media')) },
    cleanMedia: {
      enabled: env.CLEAN_MEDIA_ENABLED ?? production,
      cron: env.CLEAN_MEDIA_CRON,
      timezone: 'Europe/Paris',
      /** docs/decisions.md#media-cleanup: files younger than this are never deleted (editor uploads not saved yet). */
      minAgeMs: env.CLEAN_MEDIA_MIN_AGE_HOURS * 3600 * 1000,
    },
    loginThrottle: {
      failuresPerIp: env.LOGIN_FAILURES_PER_IP,
      failuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
      failuresPerClient: env.LOGIN_FAILURES_PER_CLIENT,
      retryDelaySeconds: env.LOGIN_RETRY_DELAY_SECONDS,
      windowSeconds: env.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    abandonThrottle: { perUser: env.ABANDONS_PER_USER, windowSeconds: env.ABANDON_THROTTLE_WINDOW_SECONDS },
    registrationThrottle: { perIp: env.REGISTRATIONS_PER_IP, windowSeconds: env.REGISTRATION_THROTTLE_WINDOW_SECONDS },
  };
}

export type Config = ReturnType<typeof parseConfig>;
