// Both storage backends through one interface: the local one on a temporary folder, the S3
// one against a real S3-compatible server on loopback (s3rver). Uploads stream, refusals
// leave nothing behind, an unreachable S3 gives a clear 503.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Readable } from 'node:stream';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../test/context.ts';
import { errorHandler } from './errors.ts';
import {
  checkUpload,
  createStorage,
  newFileKey,
  UPLOAD_FIELDS,
  uploadedFiles,
  uploadMiddleware,
  withStoredFiles,
  type Storage,
} from './storage.ts';
import { startLocalS3, type LocalS3 } from '../test/local-s3.ts';
import { mediaRouter } from './storage-media.ts';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000185d114090000000049454e44ae426082',
  'hex',
);

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function collect(storage: Storage, prefix?: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list(prefix)) keys.push(object.key);
  return keys.sort();
}

function mediaApp(storage: Storage) {
  const app = express();
  app.use('/media', mediaRouter(storage));
  return app;
}

const servers: http.Server[] = [];
async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function uploadApp(storage: Storage) {
  const app = express();
  app.post(
    '/upload',
    uploadMiddleware(storage, { image: 'visitImage', fact_sheet: 'visitFactSheet', markdown: 'markdownImage' }),
    (req, res) => {
      res.status(201).json({ files: uploadedFiles(req), body: req.body });
    },
  );
  app.use(errorHandler(pino({ level: 'silent' })));
  return app;
}

describe('upload rules', () => {
  it('makes sanitised, collision-free keys in the field folder', () => {
    const key = newFileKey('visits/images/', 'Sortie à l’Opéra (2).JPG');
    expect(key).toMatch(/^visits\/images\/Sortie_a_lOpera_2_[A-Za-z0-9]{7}\.jpg$/);
    expect(newFileKey('visits/images/', '../../etc/passwd')).toMatch(/^visits\/images\/passwd_[A-Za-z0-9]{7}$/);
    expect(newFileKey('markdownx/', '—.png')).toMatch(/^markdownx\/file_[A-Za-z0-9]{7}\.png$/);
    expect(newFileKey('visits/fact_sheets/', `${'x'.repeat(300)}.pdf`).length).toBeLessThanOrEqual(100);
    expect(newFileKey('a/', 'same.pdf')).not.toBe(newFileKey('a/', 'same.pdf'));
  });

  it('refuses empty, oversized and non-image files in French', () => {
    const image = UPLOAD_FIELDS.visitImage;
    expect(checkUpload(image, { size: 10, mimetype: 'image/png', originalname: 'a.png' })).toEqual([]);
    expect(checkUpload(image, { size: 10, mimetype: 'application/pdf', originalname: 'a.pdf' })[0]).toMatch(/^Téléversez une image valide/);
    expect(checkUpload(image, { size: 10, mimetype: 'image/png', originalname: 'a.html' })[0]).toMatch(/^Téléversez une image valide/);
    expect(checkUpload(image, { size: 0, mimetype: 'image/png', originalname: 'a.png' })).toEqual(['Le fichier soumis est vide.']);
    expect(checkUpload(image, { size: image.maxBytes + 1, mimetype: 'image/png', originalname: 'a.png' })).toEqual([
      'Le fichier est trop volumineux (maximum 10 Mo).',
    ]);
    expect(checkUpload(UPLOAD_FIELDS.visitFactSheet, { size: 10, mimetype: 'text/plain', originalname: 'a.txt' })).toEqual([]);
  });
});

let s3: LocalS3;
const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-media-'));

beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(async () => {
  for (const server of servers) server.close();
  await s3?.stop();
  fs.rmSync(localRoot, { recursive: true, force: true });
});

describe.each(['local', 's3'] as const)('%s storage', (kind) => {
  let storage: Storage;
  beforeAll(() => {
    storage = createStorage(testConfig(kind === 'local' ? { MEDIA_ROOT: localRoot } : s3.env));
  });

  it('stores streamed files byte for byte, lists, checks and deletes them', async () => {
    const big = crypto.randomBytes(6 * 1024 * 1024 + 123);
    await storage.put('visits/fact_sheets/big.bin', Readable.from([big.subarray(0, 1000), big.subarray(1000)]), {
      contentType: 'application/octet-stream',
    });
    await storage.put('visits/images/one.png', PNG, { contentType: 'image/png' });
    await storage.put('root.txt', Buffer.from('hello'), { contentType: 'text/plain' });

    expect(await collect(storage)).toEqual(['root.txt', 'visits/fact_sheets/big.bin', 'visits/images/one.png']);
    expect(await collect(storage, 'visits/images')).toEqual(['visits/images/one.png']);
    expect(await collect(storage, 'nothing-here')).toEqual([]);
    expect(await collect(storage, 'root.txt')).toEqual([]); // a file is not a folder
    const listed = [];
    for await (const object of storage.list('visits/fact_sheets/')) listed.push(object);
    expect(listed[0]!.size).toBe(big.length);
    expect(Date.now() - listed[0]!.lastModified.getTime()).toBeLessThan(60_000);

    if (kind === 's3') {
      const response = await fetch(await storage.fileUrl('visits/fact_sheets/big.bin', 'http://unused'));
      expect(Buffer.from(await response.arrayBuffer()).equals(big)).toBe(true);
    } else expect(fs.readFileSync(path.join(localRoot, 'visits/fact_sheets/big.bin')).equals(big)).toBe(true);

    expect(await storage.exists('visits/images/one.png')).toBe(true);
    await storage.delete('visits/images/one.png');
    await storage.delete('visits/images/one.png'); // deleting twice is fine
    expect(await storage.exists('visits/images/one.png')).toBe(false);
    await storage.delete('visits/fact_sheets/big.bin');
    await storage.delete('root.txt');
    expect(await collect(storage)).toEqual([]);
  });

  it('refuses keys that leave the media root', async () => {
    await expect(storage.put('../outside.txt', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(/Invalid storage key/);
    await expect(storage.exists('/etc/passwd')).rejects.toThrow(/Invalid storage key/);
  });

  it('builds the public URL of a file', async () => {
    const url = await storage.fileUrl('visits/images/a b.png', 'http://localhost:8000');
    expect(url).toBe(
      kind === 'local'
        ? 'http://localhost:8000/media/visits/images/a%20b.png'
        : `${s3.endpoint}/${s3.bucket}/media/visits/images/a%20b.png`,
    );
  });

  it('streams accepted uploads into the field folder, with the text fields', async () => {
    const response = await request(uploadApp(storage))
      .post('/upload')
      .field('title', 'Sortie')
      .attach('image', PNG, { filename: 'Affiche été.png', contentType: 'image/png' })
      .attach('fact_sheet', Buffer.from('%PDF-1.4 fiche'), { filename: 'fiche.pdf', contentType: 'application/pdf' });
    expect(response.status).toBe(201);
    expect(response.body.body).toEqual({ title: 'Sortie' });
    const { image, fact_sheet: factSheet } = response.body.files;
    expect(image).toMatchObject({ size: PNG.length, mimetype: 'image/png' });
    expect(image.key).toMatch(/^visits\/images\/Affiche_ete_[A-Za-z0-9]{7}\.png$/);
    expect(factSheet.key).toMatch(/^visits\/fact_sheets\/fiche_[A-Za-z0-9]{7}\.pdf$/);
    expect(await storage.exists(image.key)).toBe(true);
    expect(await storage.exists(factSheet.key)).toBe(true);
    await storage.delete(image.key);
    await storage.delete(factSheet.key);
  });

  it('refuses wrong types, empty and oversized files, and keeps none of them', async () => {
    const app = uploadApp(storage);
    const notImage = await request(app)
      .post('/upload')
      .attach('fact_sheet', Buffer.from('fine'), { filename: 'ok.txt', contentType: 'text/plain' })
      .attach('image', Buffer.from('<html>'), { filename: 'x.html', contentType: 'text/html' });
    expect(notImage.status).toBe(400);
    expect(notImage.body.image[0]).toMatch(/^Téléversez une image valide/);

    const empty = await request(app)
      .post('/upload')
      .attach('fact_sheet', Buffer.alloc(0), { filename: 'vide.pdf', contentType: 'application/pdf' });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ fact_sheet: ['Le fichier soumis est vide.'] });

    const tooBig = await request(app)
      .post('/upload')
      .attach('image', Buffer.concat([PNG, Buffer.alloc(10 * 1024 * 1024 + 1 - PNG.length, 1)]), {
        filename: 'big.png',
        contentType: 'image/png',
      });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ image: ['Le fichier est trop volumineux (maximum 10 Mo).'] });

    // SVG can carry scripts: refused, even a harmless one, whatever it is called.
    for (const [filename, contentType] of [
      ['ok.svg', 'image/svg+xml'],
      ['ok.svg', 'image/png'],
    ]) {
      const svg = await request(app)
        .post('/upload')
        .attach('markdown', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>'), { filename, contentType });
      expect(svg.status).toBe(400);
      expect(svg.body.markdown[0]).toMatch(/^Les images SVG ne sont pas acceptées/);
    }

    const unexpected = await request(app).post('/upload').attach('other', PNG, { filename: 'a.png', contentType: 'image/png' });
    expect(unexpected.status).toBe(400);
    expect(await collect(storage)).toEqual([]);
  });

  it('checks the bytes: an .exe called photo.jpg, a text called fiche.pdf are refused, nothing stored', async () => {
    const app = uploadApp(storage);
    const exe = Buffer.concat([
      Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000', 'hex'),
      Buffer.alloc(400),
    ]);
    const asImage = await request(app).post('/upload').attach('image', exe, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(asImage.status).toBe(400);
    expect(asImage.body.image[0]).toMatch(/^Téléversez une image valide/);
    const asMarkdownImage = await request(app)
      .post('/upload')
      .attach('markdown', exe, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(asMarkdownImage.status).toBe(400);
    const pngAsJpeg = await request(app).post('/upload').attach('image', PNG, { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(pngAsJpeg.status).toBe(400);
    const fakePdf = await request(app)
      .post('/upload')
      .attach('fact_sheet', Buffer.from('pas un PDF'), { filename: 'fiche.pdf', contentType: 'application/pdf' });
    expect(fakePdf.status).toBe(400);
    expect(fakePdf.body).toEqual({ fact_sheet: ["Le fichier n'est pas un PDF valide."] });
    const exeAsSheet = await request(app)
      .post('/upload')
      .attach('fact_sheet', exe, { filename: 'fiche.jpg', contentType: 'application/octet-stream' });
    expect(exeAsSheet.status).toBe(400);
    expect(await collect(storage)).toEqual([]);
  });

  it('stores images and PDFs with their type, anything else as an attachment', async () => {
    const response = await request(uploadApp(storage))
      .post('/upload')
      .attach('image', PNG, { filename: 'a.png', contentType: 'image/png' })
      .attach('fact_sheet', Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'fiche.html', contentType: 'text/html' });
    expect(response.status).toBe(201);
    const { image, fact_sheet: sheet } = response.body.files;
    const served = async (key: string) => {
      const url = await storage.fileUrl(key, '');
      if (kind === 's3') return fetch(url);
      return fetch(`${await listen(mediaApp(storage))}${new URL(url, 'http://x').pathname}`);
    };
    const png = await served(image.key);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('content-disposition')).toBeNull();
    const html = await served(sheet.key);
    expect(html.headers.get('content-disposition')).toBe('attachment');
    if (kind === 's3') expect(html.headers.get('content-type')).toBe('application/octet-stream');
    await storage.delete(image.key);
    await storage.delete(sheet.key);
  });

  it('deletes the stored files again when the database write fails', async () => {
    await storage.put('visits/images/kept.png', PNG, { contentType: 'image/png' });
    await expect(withStoredFiles(storage, ['visits/images/kept.png'], () => Promise.reject(new Error('insert failed')))).rejects.toThrow(
      'insert failed',
    );
    expect(await storage.exists('visits/images/kept.png')).toBe(false);
    await storage.put('visits/images/kept.png', PNG, { contentType: 'image/png' });
    expect(await withStoredFiles(storage, ['visits/images/kept.png'], () => Promise.resolve(42))).toBe(42);
    expect(await storage.exists('visits/images/kept.png')).toBe(true);
    await storage.delete('visits/images/kept.png');
  });

  it('streams a 50 MB upload without holding it in memory', async () => {
    const server = uploadApp(storage).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const boundary = 'oser-boundary-1234';
    const chunk = crypto.randomBytes(64 * 1024);
    const total = 50 * 1024 * 1024;
    const body = function* () {
      // The fact sheet (any file, 50 MB): Markdown images are decoded to be shrunk (500×500).
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="fact_sheet"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    };
    // Memory held by the process (JS heap + buffers), measured after a collection so that
    // garbage not yet collected does not count as held.
    const held = () => {
      collectGarbage();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.external;
    };
    const baseline = held();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, held())), 100);
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/upload',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        },
        (res) => {
          let text = '';
          res.on('data', (data) => (text += data));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      Readable.from(body()).pipe(req);
    });
    clearInterval(sampler);
    server.close();
    expect(response.status).toBe(201);
    const { key, size } = JSON.parse(response.body).files.fact_sheet;
    expect(size).toBe(total);
    expect(peak - baseline).toBeLessThan(20 * 1024 * 1024);
    const [stored] = await (async () => {
      const found = [];
      for await (const object of storage.list('visits/fact_sheets')) found.push(object);
      return found;
    })();
    expect(stored).toMatchObject({ key, size: total });
    await storage.delete(key);
  }, 60_000);
});

describe('S3 URLs', () => {
  it('are presigned when AWS_S3_PRESIGNED_URLS is set, public otherwise', async () => {
    const signed = createStorage(testConfig({ ...s3.env, AWS_S3_PRESIGNED_URLS: 'true' }));
    await signed.put('markdownx/signed.png', PNG, { contentType: 'image/png' });
    const url = await signed.fileUrl('markdownx/signed.png', 'http://unused');
    expect(url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/media/markdownx/signed\\.png\\?.*X-Amz-Signature=`));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(PNG)).toBe(true);
    await signed.delete('markdownx/signed.png');
    const publicUrl = createStorage(testConfig({ ...s3.env, AWS_S3_PUBLIC_URL: 'https://cdn.oser-cs.fr/' }));
    expect(await publicUrl.fileUrl('a/b.png', 'http://unused')).toBe('https://cdn.oser-cs.fr/media/a/b.png');
  });
});

describe('an S3 that is unreachable or refuses', () => {
  it('answers 503 with a clear message and stores nothing', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const unreachable = createStorage(testConfig({ ...s3.env, AWS_S3_ENDPOINT_URL: `http://127.0.0.1:${deadPort}` }));
    const refusing = createStorage(testConfig({ ...s3.env, AWS_STORAGE_BUCKET_NAME: 'no-such-bucket' }));
    for (const storage of [unreachable, refusing]) {
      const response = await request(uploadApp(storage))
        .post('/upload')
        .attach('image', PNG, { filename: 'a.png', contentType: 'image/png' });
      expect(response.status).toBe(503);
      expect(response.body.detail).toMatch(/^Le stockage des fichiers est indisponible/);
    }
    expect(await collect(createStorage(testConfig(s3.env)))).toEqual([]);
  }, 60_000);
});
