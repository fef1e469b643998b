// Local-disk storage: files under a root folder, served by the app under /media/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSafeKey, type Storage, type StoredObject } from './storage-backend.ts';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export function createLocalStorage(root: string): Storage {
  const absoluteRoot = path.resolve(root);
  const fullPath = (key: string) => path.join(absoluteRoot, ...assertSafeKey(key).split('/'));

  async function* walk(folder: string, relative: string): AsyncGenerator<StoredObject> {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const key = relative ? `${relative}/${entry.name}` : entry.name;
      const entryPath = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        yield* walk(entryPath, key);
      } else if (entry.isFile() && !entry.name.endsWith('.part')) {
        const stats = await fs.promises.stat(entryPath);
        yield { key, lastModified: stats.mtime, size: stats.size };
      }
    }
  }

  /** Removes empty folders below `folder`; true when `folder` itself ended up empty. */
  async function prune(folder: string, removed: string[]): Promise<boolean> {
    const entries = await fs.promises.readdir(folder, { withFileTypes: true });
    let remaining = entries.length;
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const child = path.join(folder, entry.name);
      if (await prune(child, removed)) {
        await fs.promises.rmdir(child);
        removed.push(path.relative(absoluteRoot, child).split(path.sep).join('/'));
        remaining -= 1;
      }
    }
    return remaining === 0;
  }

  return {
    kind: 'local',
    root: absoluteRoot,
    fileUrl(key, origin) {
      return Promise.resolve(`${origin}/media/${encodeURI(key)}`);
    },
    async put(key, body, { contentType: _contentType }) {
      const target = fullPath(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      // Written under a temporary name, renamed when complete: a reader (or the cleanup
      // job) never sees half a file, and a failed upload leaves nothing under `key`.
      const partial = `${target}.${crypto.randomBytes(4).toString('hex')}.part`;
      try {
        const source = Buffer.isBuffer(body) ? Readable.from([body]) : body;
        await pipeline(source, fs.createWriteStream(partial, { flags: 'wx' }));
        await fs.promises.rename(partial, target);
      } catch (error) {
        await fs.promises.rm(partial, { force: true });
        throw error;
      }
    },
    async delete(key) {
      await fs.promises.rm(fullPath(key), { force: true });
    },
    async exists(key) {
      try {
        return (await fs.promises.stat(fullPath(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },
    list(prefix = '') {
      const folder = prefix.replace(/\/+$/, '');
      return walk(folder ? fullPath(folder) : absoluteRoot, folder);
    },
    async removeEmptyFolders() {
      const removed: string[] = [];
      try {
        await prune(absoluteRoot, removed);
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      return removed;
    },
  };
}
