// The panel's scripts as browsers should get them: AdminJS's production (minified) bundles and
// our components' bundle, named by the hash of their content and compressed ahead of time
// (gzip and brotli) by `npm run build` into dist/admin-assets, then served from memory with
// `immutable` caching. Without that folder (tests, `npm run dev`), AdminJS serves its own.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';
import { projectRoot } from '../../server/platform/paths.ts';
import { componentsFingerprint, prebuiltBundleDir } from './components.ts';

export const assetsDir = path.join(projectRoot, 'dist', 'admin-assets');
const MANIFEST = 'manifest.json';
const ASSETS_URL = '/frontend/assets/';

interface Manifest {
  /** The components' fingerprint these files were made with (a stale set is not served). */
  fingerprint: string;
  /** AdminJS's asset name → hashed file name (`app.bundle.js` → `app.bundle.3f2a9c1b.js`). */
  files: Record<string, string>;
}

/** Where AdminJS's production bundles are, by the name its pages use. */
export function bundleSources(componentsBundle = path.join(prebuiltBundleDir, 'bundle.js')): Record<string, string> {
  const require = createRequire(import.meta.url);
  const adminjsScripts = path.join(path.dirname(require.resolve('adminjs')), 'lib', 'frontend', 'assets', 'scripts');
  const designSystem = path.join(path.dirname(require.resolve('@adminjs/design-system')), '..', 'bundle.production.js');
  return {
    'global.bundle.js': path.join(adminjsScripts, 'global-bundle.production.js'),
    'design-system.bundle.js': designSystem,
    'app.bundle.js': path.join(adminjsScripts, 'app-bundle.production.js'),
    'components.bundle.js': componentsBundle,
  };
}

/** Writes the hashed, precompressed files and their manifest (`npm run build`). */
export function writePanelAssets(
  options: { sources?: Record<string, string>; outDir?: string; fingerprint?: string; brotliQuality?: number } = {},
): Manifest {
  const { sources = bundleSources(), outDir = assetsDir, fingerprint = componentsFingerprint(), brotliQuality = 11 } = options;
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, source] of Object.entries(sources)) {
    const content = fs.readFileSync(source);
    const hash = crypto.createHash('sha256').update(content).digest('hex').slice(0, 12);
    const file = name.replace(/\.js$/, `.${hash}.js`);
    fs.writeFileSync(path.join(outDir, file), content);
    fs.writeFileSync(path.join(outDir, `${file}.gz`), zlib.gzipSync(content, { level: 9 }));
    fs.writeFileSync(
      path.join(outDir, `${file}.br`),
      zlib.brotliCompressSync(content, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length },
      }),
    );
    files[name] = file;
  }
  const manifest: Manifest = { fingerprint, files };
  fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** The manifest of dist/admin-assets when it matches the components on disk, else null. */
export function currentPanelAssets(dir = assetsDir, fingerprint = componentsFingerprint()): Manifest | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
    return manifest.fingerprint === fingerprint ? manifest : null;
  } catch {
    return null;
  }
}

interface Variant {
  body: Buffer;
  encoding?: 'br' | 'gzip';
}

/** Serves the hashed files (read once) in the best encoding the browser accepts. */
export function servePanelAssets(manifest: Manifest, dir = assetsDir): RequestHandler {
  const files = new Map<string, Variant[]>();
  for (const file of Object.values(manifest.files)) {
    files.set(file, [
      { body: fs.readFileSync(path.join(dir, `${file}.br`)), encoding: 'br' },
      { body: fs.readFileSync(path.join(dir, `${file}.gz`)), encoding: 'gzip' },
      { body: fs.readFileSync(path.join(dir, file)) },
    ]);
  }
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const variants = req.path.startsWith(ASSETS_URL) ? files.get(req.path.slice(ASSETS_URL.length)) : undefined;
    if (!variants) return next();
    const accepted = acceptedEncodings(req.get('accept-encoding'));
    const variant = variants.find((v) => !v.encoding || accepted.has(v.encoding))!;
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      Vary: 'Accept-Encoding',
      'Content-Length': String(variant.body.length),
    });
    if (variant.encoding) res.set('Content-Encoding', variant.encoding);
    res.status(200).end(req.method === 'HEAD' ? undefined : variant.body);
  };
}

/** Encodings of an Accept-Encoding header, without those refused by `;q=0`. */
function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name && !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param))) accepted.add(name.trim());
  }
  return accepted;
}

/** AdminJS's pages name its bundles plainly: they point to the hashed files instead. */
export function hashedAssetLinks(manifest: Manifest): RequestHandler {
  return (_req, res, next) => {
    const send = res.send.bind(res);
    res.send = ((body: unknown) => {
      if (typeof body === 'string' && body.includes('<html')) {
        for (const [name, file] of Object.entries(manifest.files))
          body = (body as string).replaceAll(`"${ASSETS_URL}${name}"`, `"${ASSETS_URL}${file}"`);
      }
      return send(body);
    }) as typeof res.send;
    next();
  };
}
