// Streamed lists: the same bytes as JSON.stringify, whatever the number of chunks; a
// serializer error before the first byte is a normal error response; a slow reader makes
// the writer wait instead of buffering the whole list.
import { EventEmitter } from 'node:events';
import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { errorHandler } from './errors.ts';
import { jsonList, writeJsonList, type JsonList } from './json-list.ts';

function appSending<Row>(list: JsonList<Row>) {
  const app = express();
  app.get('/', async (_req, res, next) => {
    try {
      await writeJsonList(res, list, () => res.status(200).type('json'));
    } catch (error) {
      next(error);
    }
  });
  app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ detail: error.message });
  });
  return app;
}

describe('jsonList', () => {
  it.each([0, 1, 99, 100, 101, 250])('writes %i rows exactly as JSON.stringify would', async (count) => {
    const rows = Array.from({ length: count }, (_, index) => ({ id: index + 1, name: `Élève ${index} "guillemets" \u2028` }));
    const toJson = (row: { id: number; name: string }) => ({ id: row.id, label: row.name, empty: null, list: [row.id] });
    const response = await request(appSending(jsonList(rows, toJson)))
      .get('/')
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(JSON.stringify(rows.map(toJson)));
  });

  it('answers an error, not a truncated 200, when the first chunk cannot be serialized', async () => {
    const response = await request(
      appSending(
        jsonList([1, 2], () => {
          throw new Error('cannot serialize');
        }),
      ),
    ).get('/');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ detail: 'cannot serialize' });
  });

  it('cuts the connection when a later chunk cannot be serialized (the 200 is already sent)', async () => {
    const app = express();
    const list = jsonList(
      Array.from({ length: 250 }, (_, index) => index),
      (row) => {
        if (row === 150) throw new Error('row 150 cannot be serialized');
        return row;
      },
    );
    app.get('/', async (_req, res, next) => {
      await writeJsonList(res, list, () => res.status(200).type('json')).catch(next);
    });
    app.use(errorHandler(pino({ level: 'silent' })));
    const outcome = await request(app)
      .get('/')
      .then(
        (response) => `answered ${response.status}`,
        (error: Error) => `failed: ${error.message}`,
      );
    expect(outcome).toMatch(/^failed: /);
  });

  it('waits for the reader to drain before serializing the next chunk', async () => {
    const written: string[] = [];
    let serialized = 0;
    const out = Object.assign(new EventEmitter(), {
      destroyed: false,
      write(chunk: string) {
        written.push(chunk);
        return false; // the socket's buffer is always full: every chunk waits for 'drain'
      },
      end(chunk: string) {
        written.push(chunk);
      },
    });
    const rows = Array.from({ length: 250 }, (_, index) => index);
    const done = writeJsonList(
      out,
      jsonList(rows, (row) => ((serialized += 1), row)),
      () => undefined,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toHaveLength(1);
    expect(serialized).toBe(100);
    out.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(serialized).toBe(200);
    out.emit('drain');
    await new Promise((resolve) => setImmediate(resolve));
    expect(serialized).toBe(250);
    expect(written).toHaveLength(3);
    out.emit('drain');
    await done;
    expect(written.join('')).toBe(JSON.stringify(rows));
  });

  it('stops writing when the client has gone', async () => {
    const written: string[] = [];
    const out = Object.assign(new EventEmitter(), {
      destroyed: false,
      write(chunk: string) {
        written.push(chunk);
        return false;
      },
      end(chunk: string) {
        written.push(chunk);
      },
    });
    const done = writeJsonList(
      out,
      jsonList(
        Array.from({ length: 500 }, (_, index) => index),
        (row) => row,
      ),
      () => undefined,
    );
    await new Promise((resolve) => setImmediate(resolve));
    out.destroyed = true;
    out.emit('close');
    await done;
    expect(written).toHaveLength(1);
  });
});
