// The benchmark's floors: the least work that can answer GET /api/visits/, GET
// /api/visits/{id}/ and GET /api/schools/choices/ — a bare node:http server, its own pg pool, one SQL statement that
// builds the body in PostgreSQL, prepared once per connection as the API's are (server/platform/db.ts:
// the comparison is of the servers' work, not of the planner's). A second port serves the same statements through a bare
// Express app (no middleware, one route each): the share of a floor that any Express server
// can reach, whatever it does. Run as a child process (like the real server) with DATABASE_URL,
// POOL_SIZE and PREPARED (`false` on PGlite, as for the server); prints `PORT <n>` and `EXPRESS_PORT <n>`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { FLOOR_SCHOOL_CHOICES_SQL, FLOOR_VISIT_DETAIL_SQL, FLOOR_VISITS_SQL } from './floor-sql.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const nameOf = (name: string) => (process.env.PREPARED === 'true' ? name : undefined);

const floors: Record<string, (host: string) => pg.QueryConfig> = {
  '/api/visits/': (host) => ({ name: nameOf('floor_visits'), text: FLOOR_VISITS_SQL, values: [`http://${host}`] }),
  '/api/schools/choices/': () => ({ name: nameOf('floor_school_choices'), text: FLOOR_SCHOOL_CHOICES_SQL }),
};

const DETAIL = /^\/api\/visits\/(\d+)\/$/;

function queryOf(url: string, host: string): pg.QueryConfig | undefined {
  const id = DETAIL.exec(url)?.[1];
  if (id) return { name: nameOf('floor_visit_detail'), text: FLOOR_VISIT_DETAIL_SQL, values: [`http://${host}`, Number(id)] };
  return floors[url]?.(host);
}

const notFound = (res: http.ServerResponse) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Pas trouvé."}');

const server = http.createServer((req, res) => {
  const query = req.method === 'GET' ? queryOf(req.url ?? '', req.headers.host ?? '') : undefined;
  if (!query) {
    notFound(res);
    return;
  }
  pool.query<{ body: string }>(query).then(
    ({ rows }) => {
      if (rows.length === 0) notFound(res);
      else res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(rows[0]!.body);
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"floor error"}');
    },
  );
});

const expressApp = express();
expressApp.get(/^\/api\//, (req, res, next) => {
  const query = queryOf(req.url, req.headers.host ?? '');
  if (!query) return next();
  pool.query<{ body: string }>(query).then(({ rows }) => {
    if (rows.length === 0) next();
    else res.type('json').send(rows[0]!.body);
  }, next);
});
const expressServer = http.createServer(expressApp);

server.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
  expressServer.listen(0, '127.0.0.1', () => console.log(`EXPRESS_PORT ${(expressServer.address() as AddressInfo).port}`));
});
process.on('SIGTERM', () => {
  for (const each of [server, expressServer]) {
    each.close();
    each.closeAllConnections();
  }
  void pool.end().then(() => process.exit(0));
});
