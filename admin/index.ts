// The AdminJS back office at `/` (SPEC 7, issue 5): resources of every domain, French
// interface, login against the users table, sessions in PostgreSQL, permissions enforced on
// the server, history of changes, dashboard. `createAdminRouter(ctx)` is async (bundling).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Router } from 'express';
import type { AppContext } from '../server/platform/context.ts';
import type { ResourceDef } from './define.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Express 5 refuses to serve files from dot-folders (STACK.md): AdminJS must bundle elsewhere,
// and reads this variable when it is imported. Outside production AdminJS bundles the
// components at the first request and reuses any bundle already on disk, so each process
// gets a fresh folder (a stale bundle would hide changed components).
if (!process.env.ADMIN_JS_TMP_DIR) {
  if (process.env.NODE_ENV === 'production') {
    process.env.ADMIN_JS_TMP_DIR = path.join(root, 'admin-bundle');
  } else {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-admin-bundle-'));
    process.env.ADMIN_JS_TMP_DIR = folder;
    process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  }
}

export async function createAdminRouter(ctx: AppContext): Promise<Router> {
  const { buildAdmin } = await import('./build.ts');
  return buildAdmin(ctx);
}

export type { ResourceDef };
