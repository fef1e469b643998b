// Request bodies of the panel, parsed here rather than by @adminjs/express's formidable (which
// parses everything, files and JSON alike, before any login check and without limits):
// only for a logged-in staff member (the login form has its own parser, admin/platform/login.ts),
// within limits, files only from a real multipart upload written into a folder of this
// request, removed when it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import express, { type Request, type RequestHandler } from 'express';
import { ApiError } from '../../server/platform/errors.ts';
import { hasBody } from '../../server/platform/http.ts';
import { MB, UPLOAD_FIELDS } from '../../server/platform/storage-rules.ts';
import { markBodyParsed, sessionAdmin } from './adminjs-internals.ts';

/** Text fields of one request, all together. */
const FIELDS_BYTES = MB;
const MAX_FIELDS = 1000;
/** The API's upload limit, per file. */
export const FILE_BYTES = Math.max(...Object.values(UPLOAD_FIELDS).map((field) => field.maxBytes));
/** The most file fields a form has (the visit's image, fact sheet and permission). */
export const MAX_FILES = 3;

const messages = {
  tooLarge: `La requête est trop volumineuse (au plus ${MAX_FILES} fichiers de ${FILE_BYTES / MB} Mo et ${FIELDS_BYTES / MB} Mo de texte).`,
  unreadable: 'Le formulaire envoyé est illisible.',
  unsupported: 'Type de contenu non pris en charge.',
  filesOutsideMultipart: 'Les fichiers ne peuvent être envoyés que par un formulaire (multipart/form-data).',
};

/** A file of this request's multipart body, as formidable wrote it. */
export interface PanelUpload {
  path: string;
  name: string;
  type: string;
  size: number;
}

/** The uploads this module wrote: nothing else (a JSON object with a `path`) passes for one. */
const genuine = new WeakSet<object>();

export function isPanelUpload(value: unknown): value is PanelUpload {
  return typeof value === 'object' && value !== null && genuine.has(value);
}

interface FormidableForm {
  uploadDir: string;
  maxFieldsSize: number;
  maxFileSize: number;
  on(event: 'fileBegin', listener: (name: string, file: PanelUpload & NodeJS.EventEmitter) => void): this;
  on(event: 'field', listener: () => void): this;
  parse(req: Request, callback: (error: Error | null, fields: Record<string, string>, files: Record<string, PanelUpload>) => void): void;
  _error(error: Error): void;
}
// express-formidable's own formidable (1.x): the one AdminJS's payloads are shaped after.
const formidable = createRequire(createRequire(import.meta.url).resolve('express-formidable'))('formidable') as {
  IncomingForm: new () => FormidableForm;
};

const tooLarge = () => new ApiError(413, { detail: messages.tooLarge });
const badRequest = (detail: string) => new ApiError(400, { detail });

/** Any object in a JSON body that looks like a file: only multipart bodies carry files. */
function carriesFile(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null || depth > 20) return false;
  if (!Array.isArray(value) && 'path' in value) return true;
  return Object.values(value).some((item) => carriesFile(item, depth + 1));
}

function parseMultipart(req: Request, folder: string): Promise<{ fields: Record<string, string>; files: Record<string, PanelUpload> }> {
  const form = new formidable.IncomingForm();
  form.uploadDir = folder;
  form.maxFieldsSize = FIELDS_BYTES;
  form.maxFileSize = MAX_FILES * FILE_BYTES;
  let files = 0;
  let fields = 0;
  form.on('fileBegin', (_name, file) => {
    if (++files > MAX_FILES) form._error(tooLarge());
    file.on('progress', (written: number) => written > FILE_BYTES && form._error(tooLarge()));
  });
  form.on('field', () => ++fields > MAX_FIELDS && form._error(tooLarge()));
  return new Promise((resolve, reject) => {
    form.parse(req, (error, fields, files) => {
      if (error)
        return reject(error instanceof ApiError ? error : /exceeded/.test(error.message) ? tooLarge() : badRequest(messages.unreadable));
      // Only files formidable wrote into this request's folder.
      const uploads = Object.entries(files).filter(([, file]) => path.dirname(file.path) === folder);
      for (const [, file] of uploads) genuine.add(file);
      resolve({ fields, files: Object.fromEntries(uploads) });
    });
  });
}

const jsonBody = express.json({ limit: FIELDS_BYTES });
const formBody = express.urlencoded({ extended: false, limit: FIELDS_BYTES, parameterLimit: MAX_FIELDS });

function run(parser: RequestHandler, req: Request, res: express.Response): Promise<void> {
  return promisify(parser)(req, res);
}

/**
 * Sets `req.fields` and `req.files` as express-formidable would (AdminJS's routes read them),
 * so that the formidable @adminjs/express adds after it finds the body already parsed.
 */
export function panelBodies(loginPath: string): RequestHandler {
  const uploadRoot = path.join(os.tmpdir(), 'oser-panel-uploads');
  return async (req, res, next) => {
    const parsed = (fields: unknown, files: Record<string, PanelUpload> = {}) => {
      markBodyParsed(req, fields, files);
      next();
    };
    if (!hasBody(req)) return parsed({});
    const isLogin = req.method === 'POST' && req.path === loginPath;
    // Logged out: the login page, without reading a byte of the body.
    if (!isLogin && !sessionAdmin(req)) return res.redirect(loginPath);
    if (Number(req.headers['content-length'] ?? 0) > FIELDS_BYTES + MAX_FILES * FILE_BYTES) return next(tooLarge());
    try {
      if (req.is('multipart/form-data')) {
        await fs.promises.mkdir(uploadRoot, { recursive: true });
        const folder = await fs.promises.mkdtemp(path.join(uploadRoot, 'request-'));
        // Whatever the outcome (saved, refused, aborted), the temporary files go.
        res.once('close', () => void fs.promises.rm(folder, { recursive: true, force: true }));
        const { fields, files } = await parseMultipart(req, folder);
        return parsed(fields, files);
      }
      if (req.is('application/json')) {
        await run(jsonBody, req, res);
        if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw badRequest(messages.unreadable);
        if (carriesFile(req.body)) throw badRequest(messages.filesOutsideMultipart);
        return parsed(req.body);
      }
      if (req.is('application/x-www-form-urlencoded')) {
        await run(formBody, req, res);
        return parsed(req.body ?? {});
      }
      throw new ApiError(415, { detail: messages.unsupported });
    } catch (error) {
      next(error);
    }
  };
}
