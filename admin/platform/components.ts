// The panel's React components (admin/components/*.jsx) and their browser bundle. The bundle
// is built ahead of time by `npm run build` (scripts/build.ts) into dist/admin-bundle, so the
// server never runs rollup and babel; a fingerprint of the sources tells whether that bundle
// is the one for the components on disk (a stale bundle would hide changed components).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ComponentLoader } from 'adminjs';
import { projectRoot } from '../../server/platform/paths.ts';

export const COMPONENTS = {
  Dashboard: 'dashboard.jsx',
  RelatedList: 'related-list.jsx',
  MarkdownEditor: 'markdown-editor.jsx',
  MarkdownShow: 'markdown-show.jsx',
  TriState: 'tri-state.jsx',
  TriStateShow: 'tri-state-show.jsx',
  ActionConfirm: 'action-confirm.jsx',
  ExportCsv: 'export-csv.jsx',
  History: 'history.jsx',
  FileShow: 'file-show.jsx',
  FileEdit: 'file-edit.jsx',
  ChangePassword: 'change-password.jsx',
  NewWithDefaults: 'new-with-defaults.jsx',
  CreateOnlyEdit: 'create-only-edit.jsx',
  ConfirmedEdit: 'confirmed-edit.jsx',
  ReferenceMulti: 'reference-multi.jsx',
  KeptValueSelect: 'kept-value-select.jsx',
} as const;

/** AdminJS's own components replaced everywhere (French dates, headings naming the object). */
export const OVERRIDES = {
  DefaultDatetimeEditProperty: 'date-edit.jsx',
  DefaultDatetimeShowProperty: 'date-show.jsx',
  DefaultDatetimeListProperty: 'date-list.jsx',
  DefaultDatetimeFilterProperty: 'date-filter.jsx',
  ActionHeader: 'action-header.jsx',
  LoggedIn: 'logged-in.jsx',
  PropertyLabel: 'property-label.jsx',
} as const;

/** Registers the panel's components and overrides with AdminJS's loader. */
export function loadComponents(loader: ComponentLoader): ComponentLoader {
  for (const [name, file] of Object.entries(COMPONENTS)) loader.add(name, path.join(componentsDir, file));
  for (const [name, file] of Object.entries(OVERRIDES)) loader.override(name, path.join(componentsDir, file));
  return loader;
}

export const componentsDir = path.join(projectRoot, 'admin', 'components');
export const prebuiltBundleDir = path.join(projectRoot, 'dist', 'admin-bundle');
const FINGERPRINT_FILE = 'fingerprint.txt';

/** What the bundle depends on: every source file and AdminJS's version (it is always minified). */
export function componentsFingerprint(): string {
  const hash = crypto.createHash('sha256');
  // AdminJS's package.json is not exported: read it beside its entry point.
  const adminjsEntry = createRequire(import.meta.url).resolve('adminjs');
  hash.update(fs.readFileSync(path.join(path.dirname(adminjsEntry), 'package.json')));
  for (const file of fs.readdirSync(componentsDir).sort()) {
    hash.update(`\0${file}\0`);
    hash.update(fs.readFileSync(path.join(componentsDir, file)));
  }
  return hash.digest('hex');
}

/** The prebuilt bundle's folder when it matches the components, else null. */
export function currentPrebuiltBundle(): string | null {
  try {
    const recorded = fs.readFileSync(path.join(prebuiltBundleDir, FINGERPRINT_FILE), 'utf8').trim();
    return recorded === componentsFingerprint() && fs.existsSync(path.join(prebuiltBundleDir, 'bundle.js')) ? prebuiltBundleDir : null;
  } catch {
    return null;
  }
}

export function recordFingerprint(): void {
  fs.writeFileSync(path.join(prebuiltBundleDir, FINGERPRINT_FILE), `${componentsFingerprint()}\n`);
}
