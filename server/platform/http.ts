// Small HTTP helpers shared by the domain routers.
import { isUtf8 } from 'node:buffer';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Config } from './config.ts';
import multer from 'multer';
import { ApiError, messages } from './errors.ts';
import { refuseUnstorableBody } from './validate.ts';

const BODY_LIMIT_BYTES = 100 * 1024;

/**
 * DRF decodes a JSON body as strict UTF-8: invalid bytes are a parse error (400), where
 * body-parser would store U+FFFD in their place. A `verify` hook of body-parser.
 */
function strictUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string | null): void {
  if (encoding && /^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error("Le corps de la requête n'est pas de l'UTF-8 valide."), { status: 400, type: 'entity.parse.failed' });
  }
}

/** Whether the request carries a body, announced by its length or its chunked encoding. */
export function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

const tooLarge = () => new ApiError(413, { detail: messages.tooLarge });

/**
 * The API takes no file: a file part is read and thrown away, and its field gets a placeholder
 * object, so that a declared field refuses it as DRF's CharField refuses an uploaded file (not a
 * string) and an undeclared one is dropped like any unknown key.
 */
const discardFiles: multer.StorageEngine = {
  _handleFile(_req, file, callback) {
    file.stream.on('error', callback).on('end', () => callback(null, {}));
    file.stream.resume();
  },
  _removeFile(_req, _file, callback) {
    callback(null);
  },
};

const multipartParts = multer({
  storage: discardFiles,
  defParamCharset: 'utf8',
  limits: { fieldNameSize: 200, fieldSize: BODY_LIMIT_BYTES, fileSize: BODY_LIMIT_BYTES, fields: 100, files: 10, parts: 100 },
}).any();

/** A multipart body's text fields, as DRF's MultiPartParser reads them (a browser's FormData). */
const readMultipartFields: RequestHandler = (req, res, next) => {
  if (!req.is('multipart/form-data')) return next();
  if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) return next(tooLarge());
  multipartParts(req, res, (error?: unknown) => {
    if (!error) {
      const body = req.body as Record<string, unknown>;
      for (const file of (req.files ?? []) as Express.Multer.File[]) body[file.fieldname] ??= { file: file.originalname };
      return next();
    }
    next(error instanceof multer.MulterError ? tooLarge() : new ApiError(400, { detail: messages.unreadableMultipart }));
  });
};

/** DRF's 415 for a body no parser reads (text/plain, XML…), whose fields were lost in silence before. */
const refuseUnreadBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined || !hasBody(req)) return next();
  throw new ApiError(415, { detail: messages.unsupportedMediaType(req.headers['content-type'] ?? '') });
};

/**
 * A router for one REST resource, with its own body parsers (AdminJS must see raw bodies).
 * GET and HEAD bodies are never read, as DRF never reads them.
 */
export function restRouter(): Router {
  const bodyParsers = express.Router();
  bodyParsers.use(
    express.json({ limit: BODY_LIMIT_BYTES, verify: strictUtf8 }),
    express.urlencoded({ extended: false, limit: BODY_LIMIT_BYTES }),
    readMultipartFields,
    refuseUnreadBody,
    refuseUnstorableBody,
  );
  const router = express.Router();
  router.use((req, res, next) => (req.method === 'GET' || req.method === 'HEAD' ? next() : bodyParsers(req, res, next)));
  return router;
}

/** `<scheme>://<host>` of the request, honouring X-Forwarded-* when the proxy is trusted. */
export function origin(req: Request): string {
  // Express 5's req.host keeps the port and reads X-Forwarded-Host only behind a trusted proxy.
  return `${req.protocol}://${req.host}`;
}

/** Absolute URL of a path of this server, as DRF's hyperlinks (docs/api.md#conventions). */
export function absoluteUrl(req: Request, path: string): string {
  return origin(req) + path;
}

/** Django's ALLOWED_HOSTS: URLs are built from Host, so only configured hosts are served. */
export function allowedHostsOnly(config: Pick<Config, 'allowedHosts'>): RequestHandler {
  const allowed = new Set(config.allowedHosts.map((host) => host.toLowerCase()));
  return (req, res, next) => {
    if (allowed.size === 0 || allowed.has((req.hostname ?? '').toLowerCase())) return next();
    res.status(400).json({ detail: 'Hôte non autorisé.' });
  };
}

/**
 * Production answers over HTTPS only: a plain-HTTP GET or HEAD is redirected, anything else
 * refused (its body already travelled in clear; a redirect would make the client send it
 * again). Behind a proxy, `req.secure` reads X-Forwarded-Proto from the trusted hops only.
 * HSTS tells browsers to never try plain HTTP again.
 */
export function httpsOnly(config: Pick<Config, 'isProduction'>): RequestHandler {
  return (req, res, next) => {
    if (!config.isProduction) return next();
    if (req.secure) {
      res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
      return next();
    }
    if (req.method === 'GET' || req.method === 'HEAD') return res.redirect(301, `https://${req.host}${req.originalUrl}`);
    res.status(403).json({ detail: 'HTTPS requis.' });
  };
}

/**
 * The route template of a request for logs and metrics (`/api/visits/{id}/`), never its
 * actual path: a label per visit id would swamp the metrics.
 */
export function routeTemplate(req: Request, res: Response): string {
  if (typeof res.locals.route === 'string') return res.locals.route;
  const route = req.route as { path?: unknown } | undefined;
  if (route && (typeof route.path === 'string' || route.path instanceof RegExp)) return `${req.baseUrl}${String(route.path)}`;
  if (res.statusCode === 404) return 'unmatched';
  return req.baseUrl ? `${req.baseUrl}/*` : 'other';
}

/**
 * The headers a request-independent middleware sets (helmet without a CSP nonce), recorded
 * once at start-up and set in one loop per answer: helmet runs a function per header on
 * every request otherwise (docs/benchmark.md). It is given an empty request: a middleware
 * that does not call next() at once fails here, and one that reads the request most likely
 * does too, rather than at the first request.
 */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const changes: [name: string, value: string | undefined][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => changes.push([name, value]),
    removeHeader: (name: string) => changes.push([name, undefined]),
  };
  let called = false;
  void middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error('fixedHeaders: the middleware passed an error to next()');
    called = true;
  });
  if (!called) throw new Error('fixedHeaders: the middleware did not call next() at once');
  return (_req, res, next) => {
    for (const [name, value] of changes) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
