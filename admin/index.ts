// The AdminJS back office at `/` (docs/admin.md, issue 5): resources of every domain, French
// interface, login against the users table, sessions in PostgreSQL, permissions enforced on
// the server, history of changes, dashboard. `createAdminRouter(ctx)` is async (bundling).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Router } from 'express';
import type { AppContext } from '../server/platform/context.ts';
import { projectRoot } from '../server/platform/paths.ts';
import { currentPrebuiltBundle } from './platform/components.ts';
import type { ResourceDef } from './platform/define.ts';

// Express 5 refuses to serve files from dot-folders (docs/stack.md#adminjs): AdminJS must bundle elsewhere,
// and reads this variable when it is imported. The bundle `npm run build` made is used when it
// matches the components; otherwise AdminJS bundles them itself: in production at start-up,
// else at the first request, into a fresh folder per process (never a stale bundle).
if (!process.env.ADMIN_JS_TMP_DIR) {
  const prebuilt = currentPrebuiltBundle();
  if (prebuilt) {
    process.env.ADMIN_JS_TMP_DIR = prebuilt;
    process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  } else if (process.env.NODE_ENV === 'production') {
    process.env.ADMIN_JS_TMP_DIR = path.join(projectRoot, 'admin-bundle');
  } else {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-admin-bundle-'));
    process.env.ADMIN_JS_TMP_DIR = folder;
    process.once('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
  }
}

export async function createAdminRouter(ctx: AppContext): Promise<Router> {
  const { buildAdmin } = await import('./platform/build.ts');
  return buildAdmin(ctx);
}

export type { ResourceDef };
