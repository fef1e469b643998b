// Where uploaded files live: local disk (default, served under /media/) or S3 (docs/admin.md#files, docs/decisions.md#configuration).
// One interface, two backends (storage-local.ts, storage-s3.ts); upload rules and the
// multer engine are in storage-rules.ts and storage-uploads.ts. The database stores keys such as
// `visits/images/visit-1_7TGFU5Y.jpg`; on S3 the object key is `media/<key>`.
import type { Config } from './config.ts';
import { createLocalStorage } from './storage-local.ts';
import type { Storage } from './storage-backend.ts';
import type { S3Settings } from './storage-s3.ts';

export function createStorage(config: Config): Storage {
  const settings = config.storage;
  return settings.kind === 'local' ? createLocalStorage(settings.root) : lazyS3Storage(settings);
}

/**
 * S3 storage whose SDK (about 0.2 s of CPU to import) is loaded at its first use, so that a
 * start on local disk, the default, never loads it (docs/benchmark.md, start-up).
 */
function lazyS3Storage(settings: S3Settings): Storage {
  let backend: Promise<Storage> | undefined;
  const load = () => (backend ??= import('./storage-s3.ts').then((module) => module.createS3Storage(settings)));
  return {
    kind: 's3',
    fileUrl: async (key, origin) => (await load()).fileUrl(key, origin),
    put: async (key, body, options) => (await load()).put(key, body, options),
    delete: async (key) => (await load()).delete(key),
    exists: async (key) => (await load()).exists(key),
    async *list(prefix) {
      yield* (await load()).list(prefix);
    },
  };
}

export { StorageError, assertSafeKey } from './storage-backend.ts';
export type { Storage, StoredObject } from './storage-backend.ts';
export { UPLOAD_FIELDS, newFileKey, checkUpload, contentProblems, storedContentType, isInline, isInlineName } from './storage-rules.ts';
export type { UploadField, UploadFieldName } from './storage-rules.ts';
export { uploadMiddleware, uploadedFiles, withStoredFiles, StorageUnavailable } from './storage-uploads.ts';
export type { UploadedFile } from './storage-uploads.ts';
