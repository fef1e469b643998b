// The benchmark's scratch database: a database of its own on DATABASE_URL's server, else on
// the machine's PostgreSQL, else an embedded PGlite in a child process (so that its
// single-threaded engine does not share the event loop of the load generator).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { commandOf, parentPid, readTreeCpuSeconds } from './processes.ts';

const MACHINE_DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const projectRoot = path.resolve(import.meta.dirname, '../..');
const SCRATCH_NAME = `oser_bench_${process.pid}`;

export interface BenchDatabase {
  url: string;
  /** Printed in the report: which server the figures come from. */
  description: string;
  kind: 'postgres' | 'pglite';
  /** A copy of this database as it is now (PostgreSQL only: CREATE DATABASE … TEMPLATE). */
  copy?(suffix: string): Promise<BenchDatabase>;
  /**
   * CPU time the database server has used so far, in seconds: its postmaster and backends when
   * the server is on this machine, the PGlite child's; NaN for a remote server.
   */
  cpuSeconds: () => number;
  drop(): Promise<void>;
}

function withDatabaseName(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function serverVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => {});
  }
}

async function createOnServer(serverUrl: string, version: string, source: string, name: string, template?: string): Promise<BenchDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  const { host, hostname } = new URL(serverUrl);
  // On this machine, the server's processes are the postmaster (a backend's parent) and its
  // children. A loopback port may lead into a container, whose pids are not this machine's:
  // the backend's pid must be a postgres process here.
  const loopback = ['127.0.0.1', 'localhost', '[::1]', ''].includes(hostname) && fs.existsSync('/proc');
  const backend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const postmaster = loopback && commandOf(backend) === 'postgres' ? parentPid(backend) : NaN;
  await admin.end();
  let dropped = false;
  return {
    url: withDatabaseName(serverUrl, name),
    description: `PostgreSQL ${version} at ${host} (${source}), scratch database ${name}`,
    kind: 'postgres',
    copy: (suffix) => createOnServer(serverUrl, version, source, `${name}_${suffix}`, name),
    cpuSeconds: () => (Number.isFinite(postmaster) ? readTreeCpuSeconds(postmaster) : NaN),
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Starts scripts/bench/pglite-server.ts and waits for the URL it prints. */
async function startPglite(): Promise<BenchDatabase> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/pglite-server.ts'], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^URL (\S+)$/m.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before listening`)));
  });
  return {
    url,
    description: 'embedded PGlite (PostgreSQL 18 in WASM, single-threaded), in memory',
    kind: 'pglite',
    cpuSeconds: () => readTreeCpuSeconds(child.pid!),
    async drop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function createBenchDatabase(env: NodeJS.ProcessEnv, options: { forcePglite?: boolean } = {}): Promise<BenchDatabase> {
  if (options.forcePglite) return startPglite();
  if (env.DATABASE_URL) {
    const version = await serverVersion(env.DATABASE_URL);
    if (!version) throw new Error('DATABASE_URL is set but its server cannot be reached');
    return createOnServer(env.DATABASE_URL, version, 'DATABASE_URL', SCRATCH_NAME);
  }
  const version = await serverVersion(MACHINE_DEFAULT_URL);
  if (version) return createOnServer(MACHINE_DEFAULT_URL, version, 'machine default', SCRATCH_NAME);
  return startPglite();
}
