// Large lists written to the socket in chunks, instead of one JSON string of the whole list
// (1.2 MB for 1 700 students): 32 such requests at once held hundreds of MB of strings and
// short-lived objects (npm run bench). The bytes are exactly those of JSON.stringify(array).

/** What a handler returns for a list to stream: the rows, and the serializer of one row. */
export class JsonList<Row = unknown> {
  constructor(
    readonly rows: readonly Row[],
    readonly toJson: (row: Row) => unknown,
  ) {}
}

/** What a handler returns for a body PostgreSQL already serialized (the visit list): sent as is. */
export class JsonText {
  constructor(readonly text: string) {}
}

export function jsonList<Row>(rows: readonly Row[], toJson: (row: Row) => unknown): JsonList<Row> {
  return new JsonList(rows, toJson);
}

const ROWS_PER_CHUNK = 100;

interface Writable {
  destroyed: boolean;
  write(chunk: string): boolean;
  end(chunk: string): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
}

function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
  });
}

function chunkText<Row>(list: JsonList<Row>, start: number): string {
  const end = Math.min(start + ROWS_PER_CHUNK, list.rows.length);
  const parts: string[] = [];
  for (let index = start; index < end; index += 1) parts.push(JSON.stringify(list.toJson(list.rows[index]!)));
  return parts.join(',');
}

/**
 * Writes the list once `start()` (headers) has run. The first chunk is serialized before the
 * headers, so a serializer that throws still gets a proper error response; later chunks wait
 * for the socket to drain (a slow client holds one chunk, not the whole body).
 */
export async function writeJsonList<Row>(out: Writable, list: JsonList<Row>, start: () => void): Promise<void> {
  const first = chunkText(list, 0);
  start();
  if (!out.write(`[${first}`)) await drained(out);
  for (let index = ROWS_PER_CHUNK; index < list.rows.length; index += ROWS_PER_CHUNK) {
    if (out.destroyed) return;
    if (!out.write(`,${chunkText(list, index)}`)) await drained(out);
  }
  out.end(']');
}
