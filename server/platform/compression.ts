// Responses compressed when the client accepts it: brotli when offered (every current
// browser), else gzip. The level and the threshold come from `npm run bench`'s figures
// (docs/benchmark.md "Compression"): the visit list's 108 kB become about 6 kB.
import zlib from 'node:zlib';
import compression from 'compression';
import type { RequestHandler } from 'express';

/** Below a packet's worth of bytes, compressing saves no round trip and costs CPU. */
export const COMPRESSION_THRESHOLD_BYTES = 1400;
export const GZIP_LEVEL = 6;
export const BROTLI_QUALITY = 4;

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    level: GZIP_LEVEL,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });
}
