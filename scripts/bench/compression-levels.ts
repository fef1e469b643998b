// Compression cost and gain on a real body, level by level, in this process: where the
// server's level and threshold (server/platform/compression.ts) come from.
import zlib from 'node:zlib';

export interface LevelFigure {
  label: string;
  bytes: number;
  /** CPU time of one compression, milliseconds (best of the repetitions' averages). */
  ms: number;
}

function time(work: () => Buffer, repetitions: number): { bytes: number; ms: number } {
  let bytes = 0;
  let best = Infinity;
  for (let round = 0; round < 3; round += 1) {
    const started = performance.now();
    for (let index = 0; index < repetitions; index += 1) bytes = work().length;
    best = Math.min(best, (performance.now() - started) / repetitions);
  }
  return { bytes, ms: best };
}

export function compressionLevels(body: Buffer, repetitions = 20): LevelFigure[] {
  const figures: LevelFigure[] = [{ label: 'identity', bytes: body.length, ms: 0 }];
  for (const level of [1, 4, 6, 9]) figures.push({ label: `gzip ${level}`, ...time(() => zlib.gzipSync(body, { level }), repetitions) });
  for (const quality of [1, 4, 5, 7, 11]) {
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length };
    figures.push({ label: `brotli ${quality}`, ...time(() => zlib.brotliCompressSync(body, { params }), quality >= 10 ? 2 : repetitions) });
  }
  return figures;
}

export function formatLevels(what: string, figures: LevelFigure[]): string {
  const lines = [`Compression of ${what}: bytes and CPU ms per response, by level`];
  for (const figure of figures) {
    lines.push(`  ${figure.label.padEnd(10)} ${String(figure.bytes).padStart(9)} B  ${figure.ms.toFixed(2).padStart(7)} ms`);
  }
  return lines.join('\n');
}
