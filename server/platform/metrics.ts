// GET /metrics in Prometheus's text format (prom-client): requests by route template and
// status, the mail outbox, the jobs' last runs, the database pool and, in the server's own
// processes, memory and event-loop lag. Under node:cluster a worker asks the primary
// (cluster.ts), which sums every worker's registry (AggregatorRegistry). Open in
// development; in production it needs METRICS_TOKEN and answers 404 without it (README "Running in production").
import cluster from 'node:cluster';
import crypto from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { AggregatorRegistry, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AppContext } from './context.ts';
import { lastJobRuns } from './jobs.ts';

export interface Metrics {
  registry: Registry;
  /** Records a finished request under its route template. */
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}

/** `read`'s promise, shared by the collectors of one scrape (renewed after a second). */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), value: read() };
    return cached.value;
  };
}

/** `processMetrics`: memory, event loop and the like, once per process (not per test app). */
export function createMetrics(ctx: Pick<AppContext, 'db' | 'config'>, options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry });
    if (cluster.isWorker) {
      // The primary's AggregatorRegistry asks each worker for these registries.
      AggregatorRegistry.setRegistries([registry]);
      new AggregatorRegistry();
    }
  }
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Requests by route template and status: count, and time until the response was sent',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // Read first: the collectors below take connections from this pool.
  new Gauge({
    name: 'oser_db_pool_connections',
    help: 'Database connections of the pools, by state (idle or busy)',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const { totalCount, idleCount } = ctx.db.pool;
      this.set({ state: 'idle' }, idleCount);
      this.set({ state: 'busy' }, totalCount - idleCount);
    },
  });
  new Gauge({
    name: 'oser_db_pool_waiting_queries',
    help: 'Queries waiting for a free database connection',
    registers: [registry],
    collect() {
      this.set(ctx.db.pool.waitingCount);
    },
  });
  const outbox = perScrape(async () => {
    const [stats] = await ctx.db.query<{ pending: number; failed: number; oldest: number | null }>(
      `SELECT count(*) FILTER (WHERE attempts < $1)::int AS pending,
              count(*) FILTER (WHERE attempts >= $1)::int AS failed,
              extract(epoch FROM now() - min(created_at) FILTER (WHERE attempts < $1))::float8 AS oldest
         FROM oser_mail_outbox WHERE sent_at IS NULL`,
      [ctx.config.mail.worker.maxAttempts],
    );
    return stats!;
  });
  // Database-wide figures: every worker reads the same, so workers are not summed ('max').
  new Gauge({
    name: 'oser_outbox_messages',
    help: 'Emails not sent yet: pending (will be tried) and failed (attempts exhausted)',
    labelNames: ['state'] as const,
    aggregator: 'max',
    registers: [registry],
    async collect() {
      this.reset();
      const stats = await outbox().catch(() => null);
      if (!stats) return;
      this.set({ state: 'pending' }, stats.pending);
      this.set({ state: 'failed' }, stats.failed);
    },
  });
  new Gauge({
    name: 'oser_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest email still to be sent (0 when none)',
    aggregator: 'max',
    registers: [registry],
    async collect() {
      const stats = await outbox().catch(() => null);
      if (stats) this.set(stats.oldest ?? 0);
    },
  });
  const jobRuns = perScrape(() => lastJobRuns(ctx.db).catch(() => []));
  new Gauge({
    name: 'oser_job_last_run_timestamp_seconds',
    help: 'When the last run of each background job ended, with its outcome (success, failure, skipped: a manual run held its lock)',
    labelNames: ['job', 'outcome'] as const,
    aggregator: 'max',
    registers: [registry],
    async collect() {
      this.reset();
      for (const run of await jobRuns()) this.set({ job: run.job, outcome: run.outcome }, run.finishedAt.getTime() / 1000);
    },
  });
  new Gauge({
    name: 'oser_job_last_run_duration_seconds',
    help: 'How long the last run of each background job took',
    labelNames: ['job'] as const,
    aggregator: 'max',
    registers: [registry],
    async collect() {
      this.reset();
      for (const run of await jobRuns()) this.set({ job: run.job }, run.seconds);
    },
  });
  return {
    registry,
    observeRequest(method, route, status, seconds) {
      duration.observe({ method, route, status }, seconds);
    },
  };
}

/** The same bytes for any two equal tokens, in constant time. */
function sameToken(given: string, expected: string): boolean {
  const digest = (value: string) => crypto.createHash('sha256').update(value).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

const CLUSTER_METRICS_TIMEOUT_MS = 10_000;

/** Asks the primary for the metrics of every worker (cluster.ts answers). */
function clusterMetrics(): Promise<string> {
  const id = crypto.randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string; id?: string; text?: string; error?: string }) => {
      if (message?.type !== 'oser:metrics-text' || message.id !== id) return;
      done();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error('the primary process did not answer'));
    }, CLUSTER_METRICS_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    process.send!({ type: 'oser:metrics', id });
  });
}

export function metricsEndpoint(ctx: Pick<AppContext, 'config' | 'logger'>, metrics: Metrics): RequestHandler {
  const token = ctx.config.metricsToken;
  const refuse = (res: Response, status: number, detail: string) => res.status(status).set('Cache-Control', 'no-store').json({ detail });
  return async (req, res) => {
    if (token === null) return refuse(res, 404, 'Pas trouvé.');
    if (token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (!sameToken(given, token)) {
        res.set('WWW-Authenticate', 'Bearer');
        return refuse(res, 401, "Informations d'authentification non fournies.");
      }
    }
    try {
      const text = cluster.isWorker && process.send ? await clusterMetrics() : await metrics.registry.metrics();
      res.status(200).set('Cache-Control', 'no-store').type(metrics.registry.contentType).send(text);
    } catch (error) {
      ctx.logger.warn({ err: error }, 'metrics unavailable');
      refuse(res, 503, 'Service temporairement indisponible.');
    }
  };
}
