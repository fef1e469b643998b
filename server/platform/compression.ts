// Responses compressed when the client accepts it: brotli when offered (every current
// browser), else gzip. Levels and threshold from `npm run bench`'s figures (docs/benchmark.md
// "Compression"): at their fastest levels both keep most of the gain (the visit list's
// 100 kB become 11 kB in brotli, 19 kB in gzip) for a fraction of the default levels' CPU.
import zlib from 'node:zlib';
import compression from 'compression';
import type { RequestHandler } from 'express';

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
