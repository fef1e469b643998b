// Uploads: a multer engine that checks each file's first bytes and streams it straight into the
// storage (disk or S3), so a large upload never sits in memory. docs/admin.md#files, #markdown-editor; issue 4 points 1 and 2.
import { Transform, type Duplex, type Readable, type TransformCallback } from 'node:stream';
import type { Request, RequestHandler } from 'express';
import multer from 'multer';
import { ApiError, ServiceUnavailable, ValidationError, type FieldErrors } from './errors.ts';
import type { Storage } from './storage-backend.ts';
import {
  checkUpload,
  contentProblems,
  MB,
  uploadMessages,
  newFileKey,
  storedContentType,
  typeProblems,
  UPLOAD_FIELDS,
  type UploadField,
  type UploadFieldName,
} from './storage-rules.ts';

export interface UploadedFile {
  key: string;
  size: number;
  mimetype: string;
  originalname: string;
}

class TooLarge extends Error {}

/** What file-type reads to recognise a format. */
const SNIFF_BYTES = 4100;

/** The first bytes of a stream (fewer if it ends before), leaving it paused on the rest. */
function readHead(stream: Readable, size: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (ended: boolean) => {
      stream.off('data', onData).off('end', onEnd).off('error', reject).pause();
      resolve({ head: Buffer.concat(chunks), ended });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= size) finish(false);
    };
    const onEnd = () => finish(true);
    stream.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** Counts bytes on their way to the storage and stops the stream past the field's cap. */
function byteCounter(maxBytes: number): Transform & { bytes: number } {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      counter.bytes += chunk.length;
      if (counter.bytes > maxBytes) return callback(new TooLarge());
      callback(null, chunk);
    },
  }) as Transform & { bytes: number };
  counter.bytes = 0;
  return counter;
}

// sharp and file-type (about 0.1 s of CPU to import) are loaded by the first upload, not at start.

/** An image shrunk (never enlarged) to fit a square, kept in its format; JPEG at quality 90. */
async function fitWithin(side: number): Promise<Duplex> {
  const { default: sharp } = await import('sharp');
  return sharp({ failOn: 'error' })
    .rotate()
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 90, force: false });
}

/**
 * Streams a file part to the storage once its first bytes say it is what it claims to be
 * (magic numbers), stored with a content type from the allow-list (storage-rules.ts).
 */
async function storeFile(storage: Storage, field: UploadField, file: Express.Multer.File): Promise<{ key: string; size: number }> {
  const { head, ended } = await readHead(file.stream, SNIFF_BYTES);
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = (await fileTypeFromBuffer(head))?.mime;
  const problems = head.length === 0 ? [uploadMessages.empty] : contentProblems(field, file, detected);
  if (problems.length > 0) {
    file.stream.resume(); // busboy goes on with the rest of the request
    throw new ValidationError({ [file.fieldname]: problems });
  }
  // Made before the file flows into the counter.
  const resize = field.fitWithin ? await fitWithin(field.fitWithin) : null;
  const key = newFileKey(field.prefix, file.originalname);
  const counter = byteCounter(field.maxBytes);
  counter.write(head);
  if (ended) counter.end();
  else file.stream.pipe(counter);
  counter.on('error', () => {
    // Let busboy go on parsing the rest of the request after a refused file.
    file.stream.unpipe(counter);
    file.stream.resume();
  });
  let unreadable = false;
  resize?.on('error', () => {
    unreadable = true;
  });
  try {
    await storage.put(key, resize ? counter.pipe(resize) : counter, { contentType: storedContentType(detected) });
  } catch (error) {
    if (error instanceof TooLarge || counter.bytes > field.maxBytes)
      throw new ValidationError({ [file.fieldname]: [uploadMessages.tooLarge(field.maxBytes)] });
    if (unreadable) throw new ValidationError({ [file.fieldname]: [uploadMessages.notAnImage] });
    throw new StorageUnavailable(error);
  }
  return { key, size: counter.bytes };
}

function storageEngine(storage: Storage, fields: Record<string, UploadFieldName>): multer.StorageEngine {
  return {
    _handleFile(_req, file, callback) {
      storeFile(storage, UPLOAD_FIELDS[fields[file.fieldname]!], file).then(
        (stored) => callback(null, stored as Partial<Express.Multer.File>),
        (error: unknown) => callback(error),
      );
    },
    _removeFile(_req, file, callback) {
      const key = (file as Partial<UploadedFile>).key;
      if (!key) return callback(null);
      storage.delete(key).then(() => callback(null), callback);
    },
  };
}

/** 503 for the client; the provider's error stays in the logs (`cause`). */
export class StorageUnavailable extends ServiceUnavailable {
  constructor(override readonly cause: unknown) {
    super(uploadMessages.unavailable);
  }
}

function toApiError(error: unknown, fields: Record<string, UploadFieldName>): unknown {
  if (error instanceof ApiError || !(error instanceof multer.MulterError)) return error;
  const field = error.field ?? 'non_field_errors';
  const rule = fields[field];
  const message =
    error.code === 'LIMIT_FILE_SIZE' && rule ? uploadMessages.tooLarge(UPLOAD_FIELDS[rule].maxBytes) : uploadMessages.unexpected;
  return new ValidationError({ [field]: [message] });
}

/**
 * Parses a multipart request whose file parts are `fields` (form field → upload rule),
 * streaming each file to the storage. The text fields land in `req.body`; the stored
 * files are read with `uploadedFiles(req)`. Any refusal deletes what was stored.
 */
export function uploadMiddleware(storage: Storage, fields: Record<string, UploadFieldName>): RequestHandler {
  const maxBytes = Math.max(...Object.values(fields).map((name) => UPLOAD_FIELDS[name].maxBytes));
  const parse = multer({
    storage: storageEngine(storage, fields),
    defParamCharset: 'utf8', // busboy reads file names as latin1 by default
    limits: { fileSize: maxBytes, files: Object.keys(fields).length, fieldSize: MB, fields: 200 },
    fileFilter(_req, file, accept) {
      const name = fields[file.fieldname];
      if (!name) return accept(new ValidationError({ [file.fieldname]: [uploadMessages.unexpected] }));
      const problems = typeProblems(UPLOAD_FIELDS[name], file);
      if (problems.length > 0) return accept(new ValidationError({ [file.fieldname]: problems }));
      accept(null, true);
    },
  }).fields(Object.keys(fields).map((name) => ({ name, maxCount: 1 })));

  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error instanceof StorageUnavailable) req.log?.error({ err: error.cause }, 'file storage failed');
      if (error) return next(toApiError(error, fields));
      const stored = Object.entries(uploadedFiles(req));
      const problems: FieldErrors = {};
      for (const [name, file] of stored) {
        const fieldProblems = checkUpload(UPLOAD_FIELDS[fields[name]!], file);
        if (fieldProblems.length > 0) problems[name] = fieldProblems;
      }
      if (Object.keys(problems).length === 0) return next();
      void Promise.allSettled(stored.map(([, file]) => storage.delete(file.key))).then(() => next(new ValidationError(problems)));
    });
  };
}

/** The files stored by `uploadMiddleware`, by form field. */
export function uploadedFiles(req: Request): Record<string, UploadedFile> {
  const files = (req.files ?? {}) as Record<string, (Express.Multer.File & { key: string })[]>;
  const result: Record<string, UploadedFile> = {};
  for (const [name, [file]] of Object.entries(files)) {
    if (file) result[name] = { key: file.key, size: file.size, mimetype: file.mimetype, originalname: file.originalname };
  }
  return result;
}

/**
 * Runs the database write that references freshly stored files; if it throws, the files
 * are deleted again, so storage never keeps a file for a row that was not written (and if
 * even that deletion fails, the file is unreferenced and the cleanup job removes it).
 */
export async function withStoredFiles<T>(storage: Storage, keys: string[], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    await Promise.allSettled(keys.map((key) => storage.delete(key)));
    throw error;
  }
}
