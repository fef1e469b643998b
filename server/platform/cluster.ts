// WEB_CONCURRENCY workers on one port (node:cluster). The primary applies the migrations,
// starts worker 0 (which creates the first administrators if needed and runs the background
// work: mail outbox, cron jobs), then the others; it replaces a worker that dies, answers
// the workers' /metrics requests with every worker's figures summed, and on SIGTERM or
// SIGINT stops them all, each finishing its in-flight requests. See README "Running in production".
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config.ts';
import { createLogger } from './log.ts';
import { applyMigrations } from './migrate.ts';

/** Messages between the primary and its workers. */
export type ClusterMessage =
  | { type: 'oser:ready'; url: string; createdAdmins: { name: string; email: string }[] }
  | { type: 'oser:metrics'; id: string }
  | { type: 'oser:metrics-text'; id: string; text?: string; error?: string };

// Set by the primary for each worker it forks (not an operator's setting).
const SLOT_VARIABLE = 'OSER_WORKER_SLOT';

/** Which worker this is (0 to WEB_CONCURRENCY - 1); a replacement takes its predecessor's. */
export function workerSlot(): number {
  return Number(process.env[SLOT_VARIABLE] ?? 0);
}

/** Worker 0 of each instance runs the mail outbox and the cron jobs. */
export function runsBackgroundWork(): boolean {
  return !cluster.isWorker || workerSlot() === 0;
}

const RESPAWN_DELAY_MS = 1000;
const STOP_TIMEOUT_MS = 30_000;

export interface Primary {
  /** Where the workers listen, and the administrators worker 0 created. */
  url: string;
  createdAdmins: { name: string; email: string }[];
}

export async function runPrimary(config: Config): Promise<Primary> {
  const logger = createLogger(config).child({ component: 'cluster' });
  const applied = await applyMigrations(config.databaseUrl!);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrations applied');

  const aggregator = new AggregatorRegistry();
  const workers = new Map<number, Worker>();
  let stopping = false;

  function fork(slot: number): Promise<Extract<ClusterMessage, { type: 'oser:ready' }>> {
    const worker = cluster.fork({ [SLOT_VARIABLE]: String(slot) });
    workers.set(slot, worker);
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: ClusterMessage) => {
        if (message.type === 'oser:ready') {
          ready = true;
          resolve(message);
        } else if (message.type === 'oser:metrics') {
          aggregator.clusterMetrics().then(
            (text) => worker.send({ type: 'oser:metrics-text', id: message.id, text } satisfies ClusterMessage),
            (error: unknown) => worker.send({ type: 'oser:metrics-text', id: message.id, error: String(error) } satisfies ClusterMessage),
          );
        }
      });
      worker.on('exit', (code, signal) => {
        if (workers.get(slot) === worker) workers.delete(slot);
        if (!ready) reject(new Error(`worker ${slot} exited (${signal ?? code}) before it was ready`));
        if (stopping || !ready) return;
        logger.warn({ slot, code, signal }, `worker ${slot} died; starting another`);
        setTimeout(() => {
          if (!stopping) fork(slot).catch((error: unknown) => logger.error({ err: error, slot }, 'replacement worker failed to start'));
        }, RESPAWN_DELAY_MS);
      });
    });
  }

  async function stopAll(signal: NodeJS.Signals): Promise<void> {
    stopping = true;
    logger.info({ signal, workers: workers.size }, 'stopping the workers');
    await Promise.all(
      [...workers.values()].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            // Each worker stops accepting connections and ends once its requests are answered.
            worker.process.kill('SIGTERM');
            setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS).unref();
          }),
      ),
    );
    logger.info('server stopped');
  }
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (!stopping) void stopAll(signal).then(() => process.exit(0));
    });
  }

  // Worker 0 first, alone: it creates the first administrators on an empty database.
  const first = await fork(0).catch((error: unknown) => {
    stopping = true;
    throw error;
  });
  await Promise.all(Array.from({ length: config.webConcurrency - 1 }, (_, index) => fork(index + 1)));
  logger.info({ workers: config.webConcurrency }, 'all workers ready');
  return { url: first.url, createdAdmins: first.createdAdmins };
}
