// The panel's scripts served minified, hashed and precompressed (admin/platform/assets.ts), over real
// HTTP: brotli or gzip as the browser accepts, cached for good, and the page pointing to them.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSources, currentPanelAssets, hashedAssetLinks, servePanelAssets, writePanelAssets } from './assets.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-admin-assets-'));
const componentsBundle = path.join(dir, 'components-source.js');
let manifest: ReturnType<typeof writePanelAssets>;
let app: express.Express;

const PAGE = ['global', 'design-system', 'app', 'components']
  .map((name) => `<script src="/frontend/assets/${name}.bundle.js"></script>`)
  .join('');

beforeAll(async () => {
  fs.writeFileSync(componentsBundle, '(function(){window.AdminJS.UserComponents={};})();');
  manifest = writePanelAssets({
    sources: bundleSources(componentsBundle),
    outDir: path.join(dir, 'out'),
    fingerprint: 'f1',
    brotliQuality: 5,
  });
  app = express();
  app.use(hashedAssetLinks(manifest), servePanelAssets(manifest, path.join(dir, 'out')));
  app.get('/', (_req, res) => {
    res.send(`<html><head>${PAGE}</head></html>`);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dir, { recursive: true, force: true });
});

let base: string;
let server: http.Server;

/** A GET as a browser sends it, the body left as sent (supertest would decompress it). */
function get(pathname: string, acceptEncoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${pathname}`, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the panel assets', () => {
  it('pages load the hashed production bundles', async () => {
    const page = await request(base).get('/');
    for (const [name, file] of Object.entries(manifest.files)) {
      expect(file).toMatch(new RegExp(`^${name.replace('.js', '')}\\.[0-9a-f]{12}\\.js$`));
      expect(page.text).toContain(`"/frontend/assets/${file}"`);
      expect(page.text).not.toContain(`"/frontend/assets/${name}"`);
    }
    // AdminJS's production bundles, not the 26 MB of development ones.
    const served = fs.readFileSync(path.join(dir, 'out', manifest.files['design-system.bundle.js']!));
    expect(served.equals(fs.readFileSync(bundleSources()['design-system.bundle.js']!))).toBe(true);
  });

  it('serves brotli, gzip or plain as accepted, cacheable for a year', async () => {
    const file = manifest.files['app.bundle.js']!;
    const source = fs.readFileSync(bundleSources()['app.bundle.js']!);
    const cases: [string, string | undefined, (body: Buffer) => Buffer][] = [
      ['gzip, deflate, br', 'br', (body) => zlib.brotliDecompressSync(body)],
      ['gzip', 'gzip', (body) => zlib.gunzipSync(body)],
      ['br;q=0, gzip', 'gzip', (body) => zlib.gunzipSync(body)],
      ['identity', undefined, (body) => body],
    ];
    for (const [accept, encoding, decode] of cases) {
      const response = await get(`/frontend/assets/${file}`, accept);
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(decode(response.body).equals(source)).toBe(true);
    }
    // A name that is not one of the hashed files is left to AdminJS (here: nothing).
    expect((await get('/frontend/assets/app.bundle.000000000000.js', 'br')).status).toBe(404);
  });

  it('a first load fits a 20 Mbit/s link in well under 3 s', async () => {
    let bytes = 0;
    for (const file of Object.values(manifest.files)) {
      bytes += (await get(`/frontend/assets/${file}`, 'gzip, deflate, br')).body.length;
    }
    // 20 Mbit/s is 2.5 MB/s: the scripts (at brotli 5 here, smaller at 11) take under 0.6 s.
    expect(bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('a set made for other components is not used', () => {
    expect(currentPanelAssets(path.join(dir, 'out'), 'f1')).not.toBeNull();
    expect(currentPanelAssets(path.join(dir, 'out'), 'f2')).toBeNull();
    expect(currentPanelAssets(path.join(dir, 'missing'), 'f1')).toBeNull();
  });
});
