// npm run bench (issue 3 item 8): seeds the benchmark dataset into a scratch database, starts
// the server and a single-SQL "floor" as child processes, loads each endpoint with autocannon,
// counts SQL statements per request, and prints the figures with a verdict per target.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseConfig, type Config } from '../server/platform/config.ts';
import { applyMigrations } from '../server/platform/migrate.ts';
import { issueToken } from '../server/platform/auth.ts';
import { hashPassword } from '../server/users/passwords.ts';
import { createBenchDatabase, type BenchDatabase } from './bench/database.ts';
import { BENCH_ADMIN_EMAIL, BENCH_PASSWORD, BENCH_SIZE, SMALL_SIZE, seed, type SeedSize } from './bench/seed.ts';
import { startInProcessApp, type InProcessApp } from './bench/query-count.ts';
import { freePort, startService, type Service } from './bench/processes.ts';
import { buildServer, startCommand } from './start-command.ts';
import { get } from './bench/http-get.ts';
import { compareBodies } from './bench/compare.ts';
import { measure, type LoadOptions } from './bench/load.ts';
import { measureAdminList } from './bench-admin.ts';
import { sampleMemory } from './bench/memory.ts';
import { compressionLevels, formatLevels } from './bench/compression-levels.ts';
import { measureStartTimes } from './bench/start-time.ts';
import { benchEndpoints, middlePath } from './bench/endpoints.ts';
import { formatCpuBudget, formatOwnFloors, formatTable, formatVerdicts, verdicts, type EndpointFigures } from './bench/report.ts';

const USAGE = `Usage: npm run bench -- [--duration 10] [--warmup 3] [--connections 32] [--show-sql] [--pglite] [--start-only]

Seeds ${BENCH_SIZE.visits} visits × ${BENCH_SIZE.participantsPerVisit} participants, ${BENCH_SIZE.students + BENCH_SIZE.tutors} users,
${BENCH_SIZE.schools} schools, ${BENCH_SIZE.groups} tutoring groups into a scratch database (DATABASE_URL's server, else
the machine's PostgreSQL, else an embedded PGlite), builds and starts the server as npm start does, and
a single-SQL floor, loads each endpoint for --duration seconds after --warmup seconds, and
prints req/s, p50/p99, SQL statements per request, ratio to the floor, peak RSS and verdicts.
An endpoint whose single request × connections is long beside the run is warmed up and
measured longer (up to 15 + 40 s), so that requests in flight at the end do not distort req/s.
--show-sql prints the statements of one request per endpoint; --pglite forces the embedded
database; --start-only measures the start-up times alone (no seed, no load). Exit status 1
when a target fails.`;

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number`);
  return value;
}

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
const loadOptions: LoadOptions = {
  durationSeconds: flag('duration', 10),
  warmupSeconds: flag('warmup', 3),
  connections: flag('connections', 32),
};
const showSql = process.argv.includes('--show-sql');
const HOST = 'bench.oser.test';
const log = (line: string) => console.log(line);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const cleanups: (() => Promise<unknown>)[] = [];

async function cleanUp() {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup:', error));
  cleanups.length = 0;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().then(() => process.exit(130)));
}

async function seedInto(database: BenchDatabase, size: SeedSize, passwordHash: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  return seed(client, size, passwordHash).finally(() => client.end());
}

/** The migrated, seeded database, plus (on PostgreSQL) a small copy to check that SQL counts do not grow. */
async function prepare() {
  const database = await createBenchDatabase(process.env, { forcePglite: process.argv.includes('--pglite') });
  cleanups.push(() => database.drop());
  log(`Database: ${database.description}`);
  let started = performance.now();
  await applyMigrations(database.url);
  log(`Migrated in ${seconds(started)}`);
  const small = await database.copy?.('small');
  if (small) cleanups.push(() => small.drop());
  started = performance.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const { adminId, counts } = await seedInto(database, BENCH_SIZE, passwordHash);
  log(
    `Seeded in ${seconds(started)}: ${Object.entries(counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ')}`,
  );
  const smallAdminId = small ? (await seedInto(small, SMALL_SIZE, passwordHash)).adminId : null;
  return { database, adminId, small, smallAdminId, passwordHash };
}

async function counterFor(config: Config, url: string, adminId: number, passwordHash: string) {
  const counter: InProcessApp = await startInProcessApp(config, url);
  cleanups.push(() => counter.close());
  const token = issueToken(counter.ctx, { id: adminId, password: passwordHash });
  return { counter, endpoints: await benchEndpoints(counter.ctx.db.pool, HOST, token) };
}

/** Loads paths of a floor server (cycled through, as for the API), as a row of the table. */
async function loadFloor(
  floor: Pick<Service, 'url' | 'cpuSeconds'>,
  database: BenchDatabase,
  paths: string[],
  label: string,
): Promise<EndpointFigures> {
  const path = middlePath({ label, paths, headers: {} });
  let warm = await get(`${floor.url}${path}`, { host: HOST });
  for (let i = 0; i < 3; i += 1) warm = await get(`${floor.url}${path}`, { host: HOST });
  log(`Loading the ${label}…`);
  return {
    label,
    status: warm.status,
    sqlPerRequest: 1,
    sqlPerRequestSmall: 1,
    singleRequestMs: warm.ms,
    load: await measure({ url: floor.url, paths, headers: { host: HOST } }, loadOptions, (warm.ms * loadOptions.connections) / 1000, {
      server: floor.cpuSeconds,
      database: database.cpuSeconds,
    }),
  };
}

/** --start-only: the start-up figures on a migrated, empty scratch database, nothing else. */
async function startTimesOnly(): Promise<number> {
  const database = await createBenchDatabase(process.env, { forcePglite: process.argv.includes('--pglite') });
  cleanups.push(() => database.drop());
  log(`Database: ${database.description}`);
  await applyMigrations(database.url);
  const started = performance.now();
  buildServer();
  log(`Built the server if an input changed (npm start's build step) in ${seconds(started)}`);
  const onTime = await measureStartTimes(database.kind === 'postgres' ? database.url : undefined, log);
  log(
    `Machine load average at the end: ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  return onTime ? 0 : 1;
}

async function main(): Promise<number> {
  log(
    `Machine: ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  log(
    `Load: autocannon, ${loadOptions.connections} connections, ${loadOptions.warmupSeconds} s warm-up + ${loadOptions.durationSeconds} s per endpoint`,
  );
  // Other work on the machine skews every figure (the floor's too, but not equally over time).
  log(
    `Machine load average at start: ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  if (process.argv.includes('--start-only')) return startTimesOnly();
  const { database, adminId, small, smallAdminId, passwordHash } = await prepare();

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-bench-'));
  cleanups.push(() => fs.promises.rm(dataDir, { recursive: true, force: true }));
  const env = {
    NODE_ENV: 'development',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    // PGlite's socket server shares one session between connections: nothing prepared there.
    DATABASE_PREPARED_STATEMENTS: String(database.kind === 'postgres'),
    MAILS_ENABLED: 'false',
    CLEAN_MEDIA_ENABLED: 'false',
  };
  const config = parseConfig({ ...env, LOG_LEVEL: 'silent' });
  const full = await counterFor(config, database.url, adminId, passwordHash);
  const tiny = small && smallAdminId ? await counterFor(config, small.url, smallAdminId, passwordHash) : null;
  const endpoints = full.endpoints;

  const started = performance.now();
  buildServer();
  log(`Built the server if an input changed (npm start's build step) in ${seconds(started)}`);
  const startsOnTime = await measureStartTimes(database.kind === 'postgres' ? database.url : undefined, log);
  const port = await freePort();
  const server: Service = await startService({
    name: 'server',
    command: startCommand(),
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', WEB_CONCURRENCY: '1' },
    // Start-up re-checks migrations and builds the admin panel: slow on a busy machine.
    ready: () => null,
    timeoutMs: 180_000,
    poll: async () => ((await get(`http://127.0.0.1:${port}/healthz`)).status === 200 ? `http://127.0.0.1:${port}` : null),
  });
  cleanups.push(() => server.stop());
  let expressFloorUrl = '';
  const floor: Service = await startService({
    name: 'floor',
    command: [process.execPath, '--import', 'tsx', 'scripts/bench/floor-server.ts'],
    env: { DATABASE_URL: database.url, POOL_SIZE: '10', PREPARED: env.DATABASE_PREPARED_STATEMENTS },
    ready: (output) => {
      const floorPort = /^PORT (\d+)$/m.exec(output)?.[1];
      const expressPort = /^EXPRESS_PORT (\d+)$/m.exec(output)?.[1];
      if (!floorPort || !expressPort) return null;
      expressFloorUrl = `http://127.0.0.1:${expressPort}`;
      return `http://127.0.0.1:${floorPort}`;
    },
  });
  cleanups.push(() => floor.stop());
  log(`Server pid ${server.pid} at ${server.url}; floor pid ${floor.pid} at ${floor.url}`);

  // Same Host for both: absolute URLs in the bodies must be equal.
  const apiVisits = await get(`${server.url}/api/visits/`, endpoints[0]!.headers);
  const floorVisits = await get(`${floor.url}/api/visits/`, { host: HOST });
  let bodiesMatch: boolean | null = null;
  if (apiVisits.status === 200) {
    const comparison = compareBodies(apiVisits.body, floorVisits.body);
    bodiesMatch = comparison.same;
    log(
      comparison.same
        ? `Floor body = API body (${comparison.how}; API ${apiVisits.body.length} bytes, floor ${floorVisits.body.length})`
        : `Floor body ≠ API body: ${comparison.difference}`,
    );
    if (comparison.same && comparison.note) log(`  key order: ${comparison.note}`);
  } else log(`GET /api/visits/ answers ${apiVisits.status}: no body comparison`);

  let floorWarm = floorVisits;
  for (let i = 0; i < 3; i += 1) floorWarm = await get(`${floor.url}/api/visits/`, { host: HOST });
  const floorFigures: EndpointFigures = {
    label: 'floor GET /api/visits/ (1 SQL)',
    status: floorWarm.status,
    sqlPerRequest: 1,
    sqlPerRequestSmall: 1,
    singleRequestMs: floorWarm.ms,
  };
  log('Loading the floor…');
  floorFigures.load = await measure(
    { url: floor.url, paths: ['/api/visits/'], headers: { host: HOST } },
    loadOptions,
    (floorWarm.ms * loadOptions.connections) / 1000,
    { server: floor.cpuSeconds, database: database.cpuSeconds },
  );
  // The detail's and the choices' own floors are loaded right before them: this machine's
  // speed drifts over a run, and a share must compare figures taken seconds apart, not minutes.
  const [, detailEndpoint, , choicesEndpoint] = endpoints;
  let detailFloor: EndpointFigures | undefined;
  let expressDetailFloor: EndpointFigures | undefined;
  let choicesFloor: EndpointFigures | undefined;
  let expressChoicesFloor: EndpointFigures | undefined;
  // The same floor behind a bare Express app (same process): what the framework alone costs.
  const expressFloor = { url: expressFloorUrl, cpuSeconds: floor.cpuSeconds };
  const rows: EndpointFigures[] = [];
  const sampler = sampleMemory(server, 'idle after start-up');
  for (const [index, endpoint] of endpoints.entries()) {
    if (endpoint === detailEndpoint) {
      detailFloor = await loadFloor(floor, database, endpoint.paths, 'floor GET /api/visits/{id}/ (1 SQL)');
      expressDetailFloor = await loadFloor(expressFloor, database, endpoint.paths, 'bare Express GET /api/visits/{id}/');
    }
    if (endpoint === choicesEndpoint) {
      choicesFloor = await loadFloor(floor, database, endpoint.paths, 'floor GET /api/schools/choices/ (1 SQL)');
      expressChoicesFloor = await loadFloor(expressFloor, database, endpoint.paths, 'bare Express GET /api/schools/choices/');
    }
    const counted = await full.counter.count(middlePath(endpoint), endpoint.headers);
    const smallEndpoint = tiny?.endpoints[index];
    const countedSmall = smallEndpoint ? await tiny.counter.count(middlePath(smallEndpoint), smallEndpoint.headers) : null;
    const row: EndpointFigures = {
      label: endpoint.label,
      status: counted.status,
      sqlPerRequest: counted.perRequest,
      sqlPerRequestSmall: countedSmall?.perRequest ?? NaN,
      singleRequestMs: counted.ms,
    };
    if (showSql) log(`SQL of one ${endpoint.label}:\n${counted.statements.map((text) => `  ${text}`).join('\n')}`);
    if (counted.status === 200) {
      log(`Loading ${endpoint.label}…`);
      sampler.phase(endpoint.label);
      const roundSeconds = (counted.ms * loadOptions.connections) / 1000;
      row.load = await measure({ url: server.url, paths: endpoint.paths, headers: endpoint.headers }, loadOptions, roundSeconds, {
        server: server.cpuSeconds,
        database: database.cpuSeconds,
      });
    }
    rows.push(row);
  }
  // Compression: the same list as a phone's browser (brotli) and an older client (gzip) ask for it.
  const compressed: EndpointFigures[] = [];
  for (const encoding of ['gzip', 'br']) {
    const endpoint = endpoints[0]!;
    const headers = { ...endpoint.headers, 'accept-encoding': encoding };
    const single = await get(`${server.url}${endpoint.paths[0]}`, headers);
    log(`Loading ${endpoint.label} (Accept-Encoding: ${encoding})…`);
    sampler.phase(`${endpoint.label} ${encoding}`);
    compressed.push({
      label: `${endpoint.label} ${encoding}`,
      status: single.status,
      sqlPerRequest: rows[0]!.sqlPerRequest,
      sqlPerRequestSmall: rows[0]!.sqlPerRequestSmall,
      singleRequestMs: single.ms,
      load: await measure({ url: server.url, paths: endpoint.paths, headers }, loadOptions, (single.ms * loadOptions.connections) / 1000, {
        server: server.cpuSeconds,
        database: database.cpuSeconds,
      }),
    });
  }
  rows.push(...compressed);
  if (!detailFloor || !expressDetailFloor || !choicesFloor || !expressChoicesFloor)
    throw new Error('the own floors were not loaded (benchEndpoints changed?)');
  sampler.phase('admin list');
  const admin = await measureAdminList({ url: server.url, email: BENCH_ADMIN_EMAIL, password: BENCH_PASSWORD }).catch((error: unknown) => {
    log(`Admin list figure failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  sampler.stop();
  const memory = server.memory();
  await server.stop();

  // Every core: the same list on WEB_CONCURRENCY=2, in the same run.
  const clusterPort = await freePort();
  const cluster: Service = await startService({
    name: 'cluster',
    command: startCommand(),
    env: { ...env, PORT: String(clusterPort), HOST: '127.0.0.1', WEB_CONCURRENCY: '2' },
    ready: (output) => (/listening on/.test(output) ? `http://127.0.0.1:${clusterPort}` : null),
    timeoutMs: 180_000,
  });
  cleanups.push(() => cluster.stop());
  const clusterSampler = sampleMemory(cluster, 'idle after start-up');
  const visits = endpoints[0]!;
  await get(`${cluster.url}/api/visits/`, visits.headers);
  log(`Loading ${visits.label} on WEB_CONCURRENCY=2 (pid ${cluster.pid})…`);
  clusterSampler.phase(visits.label);
  const clusterRow: EndpointFigures = {
    label: `${visits.label} WEB_CONCURRENCY=2`,
    status: 200,
    sqlPerRequest: rows[0]!.sqlPerRequest,
    sqlPerRequestSmall: rows[0]!.sqlPerRequestSmall,
    singleRequestMs: rows[0]!.singleRequestMs,
    load: await measure(
      { url: cluster.url, paths: visits.paths, headers: visits.headers },
      loadOptions,
      (rows[0]!.singleRequestMs * loadOptions.connections) / 1000,
      { server: cluster.cpuSeconds, database: database.cpuSeconds },
    ),
  };
  clusterSampler.stop();
  const clusterMemory = cluster.memory();
  rows.push(clusterRow);
  await cluster.stop();

  log('');
  log(formatTable(floorFigures, [choicesFloor, expressChoicesFloor, detailFloor, expressDetailFloor, ...rows]));
  log('');
  const ownFloors = [
    { row: rows.find((row) => row.label.startsWith('GET /api/visits/{id}/'))!, floor: detailFloor, bareExpress: expressDetailFloor },
    { row: rows.find((row) => row.label.startsWith('GET /api/schools/choices/'))!, floor: choicesFloor, bareExpress: expressChoicesFloor },
  ];
  log(
    formatOwnFloors(
      ownFloors.flatMap(({ row, floor, bareExpress }) => [
        { row, floor },
        { row: bareExpress, floor },
      ]),
    ),
  );
  log('');
  log(
    formatCpuBudget(
      [
        floorFigures,
        rows[0]!,
        clusterRow,
        detailFloor,
        expressDetailFloor,
        ownFloors[0]!.row,
        choicesFloor,
        expressChoicesFloor,
        ownFloors[1]!.row,
      ],
      os.cpus().length,
    ),
  );
  log('');
  log(formatLevels(`GET /api/visits/ (${apiVisits.body.length} B)`, compressionLevels(Buffer.from(apiVisits.body))));
  const choicesBody = await get(`${floor.url}/api/schools/choices/`, { host: HOST });
  log(formatLevels(`GET /api/schools/choices/ (${choicesBody.body.length} B)`, compressionLevels(Buffer.from(choicesBody.body))));
  log('');
  log(
    `Server peak RSS (VmHWM): ${memory?.peakMb.toFixed(0) ?? '?'} MB (RSS at the end ${memory?.rssMb.toFixed(0) ?? '?'} MB); floor peak RSS ${floor.memory()?.peakMb.toFixed(0) ?? '?'} MB`,
  );
  log(
    `WEB_CONCURRENCY=2 process tree (${clusterMemory?.processes ?? '?'} processes): sum of peaks ${clusterMemory?.peakMb.toFixed(0) ?? '?'} MB, sampled peak of the sum ${clusterSampler
      .peaks()
      .reduce((max, [, mb]) => Math.max(max, mb), 0)
      .toFixed(0)} MB`,
  );
  log(
    `Server RSS peak by phase: ${sampler
      .peaks()
      .map(([phase, mb]) => `${phase} ${mb.toFixed(0)} MB`)
      .join('; ')}`,
  );
  if (admin) log(`Admin list (${admin.label}): ${admin.ms.toFixed(0)} ms`);
  log(
    `Machine load average at the end: ${os
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' ')}`,
  );
  log('');
  const list = verdicts({
    floor: floorFigures,
    visits: rows[0]!,
    all: rows.filter((row) => !compressed.includes(row) && row !== clusterRow),
    peakRssMb: memory?.peakMb ?? NaN,
    bodiesMatch,
    admin,
    scaling: { cluster: clusterRow, workers: 2, peakRssMb: clusterMemory?.peakMb ?? NaN, processes: clusterMemory?.processes ?? NaN },
    ownFloors,
    cores: os.cpus().length,
  });
  log(formatVerdicts(list));
  return list.some((verdict) => verdict.pass === false) || !startsOnTime ? 1 : 0;
}

let status = 1;
try {
  status = await main();
} catch (error) {
  console.error(error);
} finally {
  await cleanUp();
}
process.exit(status);
