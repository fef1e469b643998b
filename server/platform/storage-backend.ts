// The interface every storage backend implements (storage-local.ts, storage-s3.ts), apart from
// storage.ts, which picks one: the backends import this, never storage.ts.

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
  if (
    !key ||
    key.startsWith('/') ||
    key.includes('\\') ||
    key.includes('\0') ||
    parts.some((part) => part === '..' || part === '.' || part === '')
  ) {
    throw new StorageError(`Invalid storage key: ${JSON.stringify(key)}`);
  }
  return key;
}
