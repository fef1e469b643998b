// Drives one endpoint with autocannon: a warm-up whose figures are discarded (JIT, pools,
// PostgreSQL caches), then the measured run of a fixed duration. The CPU each party spent per
// request (the server, the database, autocannon in this process) tells whether the run was
// bound by the server or by the machine's cores, which all three share.
import autocannon from 'autocannon';

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadResult {
  /** The measured run's length, longer than asked for slow endpoints (see `measure`). */
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses that were not 2xx, and connection errors or timeouts: both make the figures void. */
  non2xx: number;
  errors: number;
  averageBytes: number;
  /** CPU time the server process spent per completed request during the measured run. */
  cpuMsPerRequest: number;
  /** The same for the database server (NaN when it is not on this machine). */
  databaseCpuMsPerRequest: number;
  /** The same for the load generator (autocannon, in the benchmark's process). */
  loadCpuMsPerRequest: number;
}

/** CPU seconds used so far by the server's process tree and by the database server. */
export interface CpuMeters {
  server(): number;
  database(): number;
}

const NO_METERS: CpuMeters = { server: () => NaN, database: () => NaN };

export interface Target {
  /** Base URL of the server (`http://127.0.0.1:port`). */
  url: string;
  /** Paths cycled through by every connection (one per request). */
  paths: string[];
  headers: Record<string, string>;
}

function run(target: Target, connections: number, seconds: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: target.url,
    connections,
    duration: seconds,
    timeout: 30,
    headers: target.headers,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: target.paths[next++ % target.paths.length]! }),
      },
    ],
  });
}

/**
 * The server keeps working on the requests autocannon abandoned when a run stopped; they
 * started at most about a p99 ago. Waiting that long keeps them out of the next run.
 */
function drain(result: autocannon.Result): Promise<void> {
  // No response at all: requests may have been in flight for the whole run.
  const ms = Math.min(result.latency.p99 || result.duration * 1000, 30_000) + 200;
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const MAX_WARMUP_SECONDS = 15;
const MAX_DURATION_SECONDS = 40;

/**
 * Requests still in flight when a run stops are not counted: when one round of the
 * connections (`roundSeconds`: single-request time × connections) is not small beside the
 * run, req/s would be underestimated many times over. Slow endpoints therefore warm up for
 * at least one round and are measured over at least three (both capped).
 */
export async function measure(target: Target, options: LoadOptions, roundSeconds = 0, meters: CpuMeters = NO_METERS): Promise<LoadResult> {
  const warmup = Math.min(Math.max(options.warmupSeconds, Math.ceil(roundSeconds)), MAX_WARMUP_SECONDS);
  const duration = Math.min(Math.max(options.durationSeconds, Math.ceil(3 * roundSeconds)), MAX_DURATION_SECONDS);
  if (warmup > 0) await drain(await run(target, options.connections, warmup));
  const serverBefore = meters.server();
  const databaseBefore = meters.database();
  const loadBefore = process.cpuUsage();
  const result = await run(target, options.connections, duration);
  const loadUsage = process.cpuUsage(loadBefore);
  const serverMs = (meters.server() - serverBefore) * 1000;
  const databaseMs = (meters.database() - databaseBefore) * 1000;
  await drain(result);
  const ok = result['2xx'];
  const perRequest = (ms: number) => (ok > 0 ? ms / ok : NaN);
  return {
    seconds: duration,
    requestsPerSecond: ok / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    averageBytes: result.requests.total > 0 ? result.throughput.total / result.requests.total : 0,
    cpuMsPerRequest: perRequest(serverMs),
    databaseCpuMsPerRequest: perRequest(databaseMs),
    loadCpuMsPerRequest: perRequest((loadUsage.user + loadUsage.system) / 1000),
  };
}
