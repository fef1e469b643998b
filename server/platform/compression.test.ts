// Compressed responses (issue 14 §2): brotli or gzip as the client accepts, the same bytes once
// decompressed, ETags and 304s unchanged, small bodies left alone, and a streamed list still
// waits for a slow reader instead of piling the compressed list up in memory.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createVisitSuite, type VisitSuite } from '../test/visit-suite.ts';
import { createVisit } from '../test/visit-factories.ts';
import { compressResponses } from './compression.ts';
import { jsonList, writeJsonList } from './json-list.ts';

/** A GET through a real socket, the body's bytes as sent (supertest would decompress them). */
async function rawGet(app: express.Express, path: string, headers: Record<string, string>) {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http.get({ port, host: '127.0.0.1', path, headers }, resolve).on('error', reject),
    );
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    return { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

let suite: VisitSuite;
beforeAll(async () => {
  suite = await createVisitSuite();
  for (let index = 0; index < 20; index += 1) await createVisit(suite.ctx.db.prisma, { title: `Sortie au musée n°${index}` });
});
afterAll(() => suite.ctx.database.destroy());

describe('compressed responses', () => {
  it('sends the visit list as brotli or gzip as accepted, the same JSON once decompressed, one ETag for all', async () => {
    const app = createApp(suite.ctx);
    const get = (encoding: string) =>
      rawGet(app, '/api/visits/', { ...suite.actors.staff.headers, host: 'localhost:8000', 'accept-encoding': encoding });
    const identity = await get('identity');
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    const plain = identity.body.toString();
    expect(plain.length).toBeGreaterThan(5000);

    const gzip = await get('gzip, deflate');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.gunzipSync(gzip.body).toString()).toBe(plain);
    expect(gzip.body.length).toBeLessThan(plain.length / 4);

    const brotli = await get('gzip, deflate, br, zstd');
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(brotli.body).toString()).toBe(plain);

    expect(gzip.headers.etag).toBe(identity.headers.etag);
    if (identity.headers.etag) {
      const revalidated = await request(app)
        .get('/api/visits/')
        .set(suite.actors.staff.headers)
        .set('Host', 'localhost:8000')
        .set('Accept-Encoding', 'gzip')
        .set('If-None-Match', String(identity.headers.etag));
      expect(revalidated.status).toBe(304);
    }
  });

  it('compresses a whole API answer in one call: its length is known, HEAD and deflate are left alone', async () => {
    const app = createApp(suite.ctx);
    const headers = { ...suite.actors.staff.headers, host: 'localhost:8000' };
    const plain = (await rawGet(app, '/api/visits/', headers)).body.toString();
    for (const encoding of ['br', 'gzip']) {
      const answer = await rawGet(app, '/api/visits/', { ...headers, 'accept-encoding': encoding });
      expect(answer.headers['content-encoding']).toBe(encoding);
      // A zlib stream per response (the package's way) sends it chunked, without a length.
      expect(answer.headers['transfer-encoding']).toBeUndefined();
      expect(Number(answer.headers['content-length'])).toBe(answer.body.length);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
      const decompress = encoding === 'br' ? zlib.brotliDecompressSync : zlib.gunzipSync;
      expect(decompress(answer.body).toString()).toBe(plain);
    }
    const head = await request(app).head('/api/visits/').set(headers).set('Accept-Encoding', 'br');
    expect(head.status).toBe(200);
    expect(head.headers['content-encoding']).toBeUndefined();
    const deflate = await rawGet(app, '/api/visits/', { ...headers, 'accept-encoding': 'deflate' });
    expect(deflate.headers['content-encoding']).toBe('deflate');
    expect(zlib.inflateSync(deflate.body).toString()).toBe(plain);
  });

  it('leaves small bodies alone, and compresses the Swagger UI bundle', async () => {
    const app = createApp(suite.ctx);
    const small = await request(app)
      .get(`/api/visits/${suite.openVisitId}/`)
      .set(suite.actors.staff.headers)
      .set('Accept-Encoding', 'gzip');
    expect(small.status).toBe(200);
    expect(Number(small.headers['content-length'])).toBeLessThan(1400);
    expect(small.headers['content-encoding']).toBeUndefined();

    const bundle = await rawGet(app, '/api/docs/swagger-ui-bundle.js', { 'accept-encoding': 'br' });
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-encoding']).toBe('br');
    const decompressed = zlib.brotliDecompressSync(bundle.body);
    expect(decompressed.length).toBeGreaterThan(3 * bundle.body.length);
  });

  it('leaves the response unwrapped for a client that accepts no encoding, with Vary all the same', async () => {
    const app = express();
    app.use(compressResponses());
    // The package wraps write, end, on and writeHead of every response it sees: a cost for nothing here.
    app.get('/', (_req, res) => res.json({ unwrapped: res.write === http.ServerResponse.prototype.write, body: 'x'.repeat(5000) }));
    const plain = await rawGet(app, '/', {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(JSON.parse(plain.body.toString())).toMatchObject({ unwrapped: true });
    const gzip = await rawGet(app, '/', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(gzip.body).toString())).toMatchObject({ unwrapped: false });
  });

  it('streams a long list through the compressor at the pace of a slow reader', async () => {
    // Random hex compresses to about half: 20 000 rows are megabytes, well beyond the sockets' buffers.
    const rows = Array.from({ length: 20_000 }, (_, id) => ({ id, noise: crypto.getRandomValues(new Uint8Array(400)) }));
    let serialized = 0;
    const toJson = (row: (typeof rows)[number]) => {
      serialized += 1;
      return { id: row.id, noise: Buffer.from(row.noise).toString('hex') };
    };
    const app = express();
    app.use(compressResponses());
    app.get('/', (_req, res) => void writeJsonList(res, jsonList(rows, toJson), () => res.status(200).type('json')));
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await new Promise<http.IncomingMessage>((resolve) =>
        http.get({ port, host: '127.0.0.1', path: '/', headers: { 'accept-encoding': 'gzip' } }, resolve),
      );
      response.pause();
      await new Promise((resolve) => setTimeout(resolve, 500));
      // The reader has read nothing: the writer waits instead of serializing the whole list.
      expect(serialized).toBeLessThan(rows.length / 2);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise((resolve) => response.on('end', resolve));
      response.resume();
      await ended;
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(Buffer.concat(chunks)).toString()).toBe(JSON.stringify(rows.map(toJson)));
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
