// Errors as small declarations, rendered once in DRF's shape (STYLE.md, docs/api.md#conventions).
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

/** Field errors: `{"field": ["message"]}`, nested for nested objects. */
export type FieldErrors = { [field: string]: string[] | FieldErrors };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { detail: string } | FieldErrors | string[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === 'object' && 'detail' in body && typeof body.detail === 'string' ? body.detail : `HTTP ${status}`);
  }
}

export const messages = {
  notAuthenticated: "Informations d'authentification non fournies.",
  permissionDenied: "Vous n'avez pas la permission d'effectuer cette action.",
  notFound: 'Pas trouvé.',
  required: 'Ce champ est obligatoire.',
  blank: 'Ce champ ne peut être vide.',
  nullNotAllowed: 'Ce champ ne peut être nul.',
  invalidEmail: 'Saisissez une adresse e-mail valide.',
  invalidDate: "La date n'a pas le bon format. Utilisez un des formats suivants : YYYY-MM-DD.",
  maxLength: (max: number) => `Assurez-vous que ce champ comporte au plus ${max} caractères.`,
  unknownPk: (value: unknown) => `Clé primaire « ${String(value)} » non valide - l'objet n'existe pas.`,
  methodNotAllowed: (method: string) => `Méthode « ${method} » non autorisée.`,
  throttled: (seconds: number) => `Requête ralentie. Réessayez dans ${seconds} secondes.`,
  nulCharacter: 'Les caractères nuls ne sont pas autorisés.',
  surrogateCharacter: (codeUnit: number) =>
    `Les caractères de substitution ne sont pas autorisés : U+${codeUnit.toString(16).toUpperCase()}.`,
  tooLarge: 'La requête est trop volumineuse.',
  unsupportedMediaType: (type: string) => `Type de média « ${type} » non supporté.`,
  unreadableMultipart: 'Corps multipart illisible.',
  tooDeep: (levels: number) => `JSON parse error - Plus de ${levels} niveaux d'imbrication.`,
} as const;

export class ValidationError extends ApiError {
  constructor(readonly fields: FieldErrors | string[]) {
    super(400, fields);
  }
}

/** 401: no accepted credentials. `WWW-Authenticate: Token` as DRF's TokenAuthentication. */
export class NotAuthenticated extends ApiError {
  constructor(detail: string = messages.notAuthenticated) {
    super(401, { detail }, { 'WWW-Authenticate': 'Token' });
  }
}

export class PermissionDenied extends ApiError {
  constructor(detail: string = messages.permissionDenied) {
    super(403, { detail });
  }
}

export class NotFound extends ApiError {
  constructor() {
    super(404, { detail: messages.notFound });
  }
}

export class MethodNotAllowed extends ApiError {
  constructor(method: string, allowed: string[]) {
    super(405, { detail: messages.methodNotAllowed(method) }, { Allow: allowed.join(', ') });
  }
}

export class Throttled extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(429, { detail: messages.throttled(retryAfterSeconds) }, { 'Retry-After': String(retryAfterSeconds) });
  }
}

/** A provider (S3, mail…) failed; the user's data was not kept half-way. */
export class ServiceUnavailable extends ApiError {
  constructor(detail: string) {
    super(503, { detail });
  }
}

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFound());

/** The SQLSTATE of a PostgreSQL error, as raised by pg, the Prisma adapter or Prisma itself. */
function postgresCode(error: unknown): string | undefined {
  const candidate = error as {
    code?: unknown;
    cause?: { code?: unknown };
    meta?: { driverAdapterError?: { cause?: { code?: unknown } } };
  } | null;
  const code = candidate?.meta?.driverAdapterError?.cause?.code ?? candidate?.cause?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Renders every error; unknown ones become a logged, generic 500 without details. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  // Express recognises error handlers by their four parameters: keep `_next`.
  return (error: unknown, req, res, _next) => {
    if (error instanceof ApiError) {
      res.set(error.headers).status(error.status).json(error.body);
      return;
    }
    // Backstop of validate.ts's refuseUnstorableInput: PostgreSQL's text cannot hold NUL (22021).
    if (postgresCode(error) === '22021') {
      res.status(400).json({ detail: messages.nulCharacter });
      return;
    }
    // Errors raised by body parsers carry a client status (invalid JSON, too large…).
    const parserError = error as { status?: unknown; type?: unknown; expose?: unknown; message?: unknown } | null | undefined;
    const status = typeof parserError?.status === 'number' ? parserError.status : 500;
    if (status >= 400 && status < 500) {
      const detail =
        parserError?.type === 'entity.parse.failed'
          ? `JSON parse error - ${String(parserError.message)}`
          : parserError?.type === 'entity.too.large'
            ? messages.tooLarge
            : parserError?.expose && typeof parserError.message === 'string' && parserError.message
              ? parserError.message
              : 'Requête invalide.';
      res.status(status).json({ detail });
      return;
    }
    (req.log ?? logger).error({ err: error }, 'unhandled error');
    // A streamed list failed midway: cut the connection, so the client sees a broken
    // response at once instead of waiting for the rest of it.
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).json({ detail: 'Erreur du serveur.' });
  };
}
