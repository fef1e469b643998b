// npm run build (run by npm start before the server): the server compiled to JavaScript in
// dist/server (the long-running process then runs without a TypeScript loader, about 150 MB
// less memory than under tsx), and the admin panel's component bundle in dist/admin-bundle
// (rollup and babel run here, once, not in the server). The bundle is rebuilt only when a
// component or AdminJS's version changed; dist/admin-assets holds the scripts browsers load,
// minified, hashed and precompressed (admin/platform/assets.ts). dist/pglite-template is the
// embedded database's pristine data folder, made once per PGlite version, in a process of its
// own while this one bundles (server/platform/embedded-postgres.ts, `createPgliteTemplate`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { projectRoot } from '../server/platform/paths.ts';
import { currentPanelAssets, writePanelAssets } from '../admin/platform/assets.ts';
import { loadComponents, currentPrebuiltBundle, prebuiltBundleDir, recordFingerprint } from '../admin/platform/components.ts';
import { fingerprintFile, inputsFingerprint } from './build-if-changed.js';
import { pgliteTemplateIsCurrent } from '../server/platform/embedded-postgres.ts';
import { readMigrations } from '../server/platform/migrate.ts';

const started = performance.now();
// PGlite's initdb is single-threaded WASM, as is the bundling: on two cores they overlap.
const template = pgliteTemplateIsCurrent(undefined, readMigrations())
  ? Promise.resolve('up to date')
  : new Promise<string>((resolve, reject) => {
      const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
      const child = spawn(process.execPath, [tsxCli, 'scripts/pglite-template.ts'], { cwd: projectRoot, stdio: 'inherit' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve('made') : reject(new Error(`the database template failed (exit ${code})`))));
    });
template.catch(() => {}); // awaited below
// The inputs as they are before compiling: a file changed meanwhile makes the next start rebuild.
const fingerprint = inputsFingerprint();
fs.rmSync(fingerprintFile(), { force: true });
const serverOut = path.join(projectRoot, 'dist', 'server');
fs.rmSync(serverOut, { recursive: true, force: true });
await build({
  absWorkingDir: projectRoot,
  entryPoints: ['server/main.ts'],
  outdir: serverOut,
  bundle: true,
  // Dependencies stay in node_modules; only this project's code is compiled.
  packages: 'external',
  // admin/index.ts sets ADMIN_JS_TMP_DIR before it imports AdminJS lazily: keeping that
  // import a separate chunk keeps AdminJS from being imported first.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

let bundled = 'up to date';
if (!currentPrebuiltBundle()) {
  fs.rmSync(prebuiltBundleDir, { recursive: true, force: true });
  // AdminJS reads its bundle folder, and whether to minify, when it is imported: the bundle
  // is always the production one, whatever NODE_ENV the server later runs with.
  process.env.ADMIN_JS_TMP_DIR = prebuiltBundleDir;
  process.env.NODE_ENV = 'production';
  const { default: AdminJS, ComponentLoader } = await import('adminjs');
  const { componentsBundler, generateUserComponentEntry } = await import('adminjs/bundler');
  const loader = loadComponents(new ComponentLoader());
  const admin = new AdminJS({ componentLoader: loader });
  await componentsBundler.createEntry({ content: generateUserComponentEntry(admin, prebuiltBundleDir) });
  await componentsBundler.build();
  recordFingerprint();
  bundled = 'rebuilt';
}
// The scripts browsers load, hashed and compressed (admin/platform/assets.ts).
if (bundled === 'rebuilt' || !currentPanelAssets()) writePanelAssets();
const templated = await template;
fs.writeFileSync(fingerprintFile(), `${fingerprint}\n`);
console.log(
  `Built dist/server, dist/admin-bundle and dist/admin-assets (${bundled}), dist/pglite-template (${templated}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
