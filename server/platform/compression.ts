// Responses compressed when the client accepts it: brotli when offered (every current
// browser), else gzip. Levels and threshold from `npm run bench`'s figures (docs/benchmark.md
// "Compression"): at their fastest levels both keep most of the gain (the visit list's
// 100 kB become 11 kB in brotli, 19 kB in gzip) for a fraction of the default levels' CPU.
import zlib from 'node:zlib';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import Negotiator from 'negotiator';

/** Below a packet's worth of bytes, compressing saves no round trip and costs CPU. */
export const COMPRESSION_THRESHOLD_BYTES = 1400;
export const GZIP_LEVEL = 1;
export const BROTLI_QUALITY = 1;

export function compressResponses(): RequestHandler {
  const compressing = compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    level: GZIP_LEVEL,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
  return (req, res, next) => {
    // Without Accept-Encoding the package answers in identity, after wrapping the response's
    // write, end, on and writeHead all the same (a sixth to a quarter of a small API answer's
    // CPU, docs/benchmark.md): those requests skip it. Vary is set all the same, so that a
    // shared cache keeps the identity and the compressed answers apart.
    if (!req.headers['accept-encoding']) {
      res.vary('Accept-Encoding');
      next();
      return;
    }
    compressing(req, res, next);
  };
}

const ONE_CALL: Partial<Record<string, (body: Buffer) => Buffer>> = {
  br: (body) =>
    zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => zlib.gzipSync(body, { level: GZIP_LEVEL }),
};

/** The encoding the compression package would choose for this request: brotli first on a tie. */
function negotiatedEncoding(req: Request): string {
  return new Negotiator(req).encoding(['br', 'gzip', 'deflate', 'identity'], { preferred: ['br', 'gzip'] }) ?? 'identity';
}

/**
 * Sends a whole JSON body (the API's answers but its streamed lists), compressed in one call
 * when the client accepts brotli or gzip: the package's zlib stream per response cost about
 * five times the compression itself for a body of a few kB (docs/benchmark.md). Same
 * encodings, levels and threshold as the package; the ETag is the identity body's, as with
 * the package, so that a client revalidates whatever the encoding.
 */
export function sendJson(req: Request, res: Response, status: number, text: string): void {
  res.status(status).type('json');
  const body = Buffer.from(text);
  const encoding = req.method === 'HEAD' || body.length < COMPRESSION_THRESHOLD_BYTES ? 'identity' : negotiatedEncoding(req);
  const compress = ONE_CALL[encoding];
  // deflate, which no current client prefers, is left to the package.
  if (!compress) {
    res.send(body);
    return;
  }
  res.vary('Accept-Encoding');
  const etagOf = req.app.get('etag fn') as ((body: Buffer) => string) | undefined;
  if (etagOf) res.set('ETag', etagOf(body));
  if (req.fresh) {
    res.status(304).end();
    return;
  }
  res.set('Content-Encoding', encoding);
  res.send(compress(body));
}
