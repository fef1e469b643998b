// The benchmark's floor: the least work that can answer GET /api/visits/ — a bare node:http
// server, its own pg pool, one SQL statement that builds the body in PostgreSQL. Run as a
// child process (like the real server) with DATABASE_URL and POOL_SIZE; prints `PORT <n>`.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { FLOOR_VISITS_SQL } from './floor-sql.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
// Once per connection, not per request: the deadline's offset is Europe/Paris's.
pool.on('connect', (client) => void client.query("SET TIME ZONE 'Europe/Paris'"));

const server = http.createServer((req, res) => {
  if (req.method !== 'GET' || req.url !== '/api/visits/') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Pas trouvé."}');
    return;
  }
  pool.query<{ body: string }>({ text: FLOOR_VISITS_SQL, values: [`http://${req.headers.host}`] }).then(
    ({ rows }) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(rows[0]!.body);
    },
    (error: unknown) => {
      console.error(error);
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"floor error"}');
    },
  );
});

server.listen(0, '127.0.0.1', () => {
  console.log(`PORT ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
