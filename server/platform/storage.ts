// Where uploaded files live: local disk (default, served under /media/) or S3 (SPEC 7.4, 8.2).
// One interface, two backends (storage-local.ts, storage-s3.ts); upload rules and the
// multer engine are in storage-rules.ts and storage-uploads.ts. The database stores keys such as
// `visits/images/visit-1_7TGFU5Y.jpg`; on S3 the object key is `media/<key>`.
import type { Config } from './config.ts';
import { createLocalStorage } from './storage-local.ts';
import { createS3Storage } from './storage-s3.ts';

export interface StoredObject {
  key: string;
  lastModified: Date;
  size: number;
}

export interface Storage {
  kind: 'local' | 's3';
  /** Absolute URL of a stored file; `origin` is `<scheme>://<host>` of the request. */
  fileUrl(key: string, origin: string): Promise<string>;
  /** Streams `body` to `key`; on failure nothing is left under `key`. */
  put(key: string, body: NodeJS.ReadableStream | Buffer, options: { contentType: string }): Promise<void>;
  /** Deleting a missing file is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored file below `prefix` (a folder such as `visits/`), recursively. */
  list(prefix?: string): AsyncIterable<StoredObject>;
  /** Local only: removes empty folders bottom-up, returns them (S3 has no folders). */
  removeEmptyFolders?(): Promise<string[]>;
  /** Local only: the folder served under /media/. */
  root?: string;
}

export class StorageError extends Error {}

/**
 * Keys are relative, forward-slashed paths without `..`, so that neither a stored
 * value nor a Markdown reference can reach outside the media root.
 */
export function assertSafeKey(key: string): string {
  const parts = key.split('/');
  if (!key || key.startsWith('/') || key.includes('\\') || key.includes('\0') || parts.some((part) => part === '..' || part === '.' || part === '')) {
    throw new StorageError(`Invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}

export function createStorage(config: Config): Storage {
  const settings = config.storage;
  return settings.kind === 'local' ? createLocalStorage(settings.root) : createS3Storage(settings);
}

export { UPLOAD_FIELDS, newFileKey, checkUpload, contentProblems, storedContentType, isInline, isInlineName } from './storage-rules.ts';
export type { UploadField, UploadFieldName } from './storage-rules.ts';
export { uploadMiddleware, uploadedFiles, withStoredFiles, StorageUnavailable } from './storage-uploads.ts';
export type { UploadedFile } from './storage-uploads.ts';
