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
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    level: GZIP_LEVEL,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}
