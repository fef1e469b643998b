// Issue 5 item 8's figure: the admin panel's list call on a 10 000-row resource. The admin
// panel's owner provides the measurement as scripts/bench-admin.ts, exporting
//   measureAdminList({ url, email, password }): Promise<{ label: string; ms: number }>
// (url: the running server; email/password: a seeded active superuser). The benchmark
// dataset holds 10 000 tutoring sessions for it. Absent module: the figure is skipped.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AdminListFigure {
  label: string;
  ms: number;
}

interface AdminBenchModule {
  measureAdminList(options: { url: string; email: string; password: string }): Promise<AdminListFigure>;
}

const MODULE_PATH = path.resolve(import.meta.dirname, '../bench-admin.ts');

export async function measureAdminList(options: { url: string; email: string; password: string }): Promise<AdminListFigure | null> {
  if (!fs.existsSync(MODULE_PATH)) return null;
  const module = (await import(pathToFileURL(MODULE_PATH).href)) as Partial<AdminBenchModule>;
  if (typeof module.measureAdminList !== 'function') {
    throw new Error('scripts/bench-admin.ts must export measureAdminList({ url, email, password })');
  }
  return module.measureAdminList(options);
}
