// Where uploaded files live: local disk (default, served under /media/) or S3.
// TODO(issue 4): the full module (uploads, S3 backend, listing, deletion) replaces this.
import type { Config } from './config.ts';

export interface Storage {
  kind: 'local' | 's3';
  /** Absolute URL of a stored file; `origin` is `<scheme>://<host>` of the request. */
  fileUrl(key: string, origin: string): Promise<string>;
}

export function createStorage(config: Config): Storage {
  const settings = config.storage;
  if (settings.kind === 'local') {
    return { kind: 'local', fileUrl: async (key, origin) => `${origin}/media/${encodeURI(key)}` };
  }
  const base = settings.publicUrl ?? `https://${settings.bucket}.s3.amazonaws.com`;
  return { kind: 's3', fileUrl: async (key) => `${base}/${settings.keyPrefix}${encodeURI(key)}` };
}
