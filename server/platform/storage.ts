// Where uploaded files live: local disk (default, served under /media/) or S3 (docs/admin.md#files, docs/decisions.md#configuration).
// One interface, two backends (storage-local.ts, storage-s3.ts); upload rules and the
// multer engine are in storage-rules.ts and storage-uploads.ts. The database stores keys such as
// `visits/images/visit-1_7TGFU5Y.jpg`; on S3 the object key is `media/<key>`.
import type { Config } from './config.ts';
import { createLocalStorage } from './storage-local.ts';
import type { Storage } from './storage-backend.ts';
import { createS3Storage } from './storage-s3.ts';

export function createStorage(config: Config): Storage {
  const settings = config.storage;
  return settings.kind === 'local' ? createLocalStorage(settings.root) : createS3Storage(settings);
}

export { StorageError, assertSafeKey } from './storage-backend.ts';
export type { Storage, StoredObject } from './storage-backend.ts';
export { UPLOAD_FIELDS, newFileKey, checkUpload, contentProblems, storedContentType, isInline, isInlineName } from './storage-rules.ts';
export type { UploadField, UploadFieldName } from './storage-rules.ts';
export { uploadMiddleware, uploadedFiles, withStoredFiles, StorageUnavailable } from './storage-uploads.ts';
export type { UploadedFile } from './storage-uploads.ts';
