// The API's security headers are helmet's, computed once at start-up (platform/http.ts
// fixedHeaders): the same headers on every answer as helmet would set, without running
// helmet's middleware per request.
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { fixedHeaders } from './http.ts';

function appWith(middleware: RequestHandler) {
  const app = express();
  app.disable('x-powered-by');
  app.get('/', middleware, (_req, res) => res.json({ ok: true }));
  return app;
}

describe('fixedHeaders', () => {
  it('sets exactly the headers helmet sets, on every answer', async () => {
    const options = { frameguard: { action: 'deny' as const } };
    const byHelmet = await request(appWith(helmet(options))).get('/');
    const fixed = appWith(fixedHeaders(helmet(options)));
    for (const answer of [await request(fixed).get('/'), await request(fixed).get('/')]) {
      const names = Object.keys(byHelmet.headers).filter((name) => !['date', 'etag', 'content-length'].includes(name));
      expect(names.length).toBeGreaterThan(10);
      for (const name of names) expect([name, answer.headers[name]]).toEqual([name, byHelmet.headers[name]]);
      expect(Object.keys(answer.headers).sort()).toEqual(Object.keys(byHelmet.headers).sort());
    }
  });

  it('runs the middleware once, at start-up, not per request', async () => {
    let runs = 0;
    const counted: RequestHandler = (_req, res, next) => {
      runs += 1;
      res.setHeader('X-Counted', 'yes');
      next();
    };
    const app = appWith(fixedHeaders(counted));
    expect(runs).toBe(1);
    const answers = [await request(app).get('/'), await request(app).get('/')];
    expect(answers.map((answer) => answer.headers['x-counted'])).toEqual(['yes', 'yes']);
    expect(runs).toBe(1);
  });

  it('replays a removed header too', async () => {
    const app = express();
    app.get(
      '/',
      fixedHeaders((_req, res, next) => (res.removeHeader('X-Powered-By'), next())),
      (_req, res) => res.end(),
    );
    expect((await request(app).get('/')).headers['x-powered-by']).toBeUndefined();
  });

  it('refuses, at start-up, a middleware that depends on the request or answers later', () => {
    const readsRequest: RequestHandler = (req, res, next) => {
      res.setHeader('X-Path', req.path.toLowerCase());
      next();
    };
    expect(() => fixedHeaders(readsRequest)).toThrow();
    const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 1);
    expect(() => fixedHeaders(later)).toThrow(/did not call next\(\) at once/);
  });
});
