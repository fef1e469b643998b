// A PostgreSQL server of the test's own (initdb into a temporary folder, a free port), that
// the test may stop and start at will without disturbing the machine's shared server.
// Needs the PostgreSQL server binaries (Debian: postgresql-15); when running as root, the
// server runs as the `postgres` user (PostgreSQL refuses root). A test process killed before
// its `destroy()` leaves its server running: the next start stops and deletes such clusters.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  /** The cluster's folder (/tmp/oser-pg-…): data, log, socket and the owner's pid. */
  folder: string;
  /** Fast shutdown: open sessions are terminated (57P01), new connections refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL ≥ 15 server binaries installed, else why there are none. */
function findBinaries(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => Number(v) >= 15 && fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) return { missing: `no PostgreSQL ≥ 15 server binaries (initdb, pg_ctl) under ${root}` };
  return { bin: path.join(root, versions[0]!, 'bin') };
}

/** Why a private server cannot run here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
  const found = findBinaries();
  if ('missing' in found) return found.missing;
  if (process.getuid?.() === 0) {
    try {
      fs.accessSync('/usr/sbin/runuser', fs.constants.X_OK);
    } catch {
      return 'running as root without runuser to start PostgreSQL as the postgres user';
    }
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const FOLDER_PREFIX = 'oser-pg-';
/** In each cluster's folder: the pid of the test process that created it. */
const OWNER_FILE = 'owner.pid';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Command = (program: string, args: string[]) => Promise<unknown>;

/**
 * Stops (immediately) and deletes the clusters whose test process is gone. A folder without
 * an owner file is left alone: it may be another process's, being created.
 */
async function removeOrphanClusters(command: Command): Promise<void> {
  for (const name of fs.readdirSync(os.tmpdir()).filter((entry) => entry.startsWith(FOLDER_PREFIX))) {
    const folder = path.join(os.tmpdir(), name);
    let owner: number;
    try {
      owner = Number(fs.readFileSync(path.join(folder, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    if (!Number.isSafeInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    // Fails when the server is not running (already stopped, or another process cleaning it).
    await command('pg_ctl', ['-D', path.join(folder, 'data'), '-m', 'immediate', '-w', 'stop']).catch(() => {});
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const found = findBinaries();
  if ('missing' in found) throw new Error(found.missing);
  const asRoot = process.getuid?.() === 0;
  const command = (program: string, args: string[]) =>
    asRoot
      ? run('/usr/sbin/runuser', ['-u', 'postgres', '--', path.join(found.bin, program), ...args])
      : run(path.join(found.bin, program), args);

  await removeOrphanClusters(command);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
  fs.writeFileSync(path.join(folder, OWNER_FILE), String(process.pid));
  if (asRoot)
    fs.chownSync(folder, Number((await run('id', ['-u', 'postgres'])).stdout), Number((await run('id', ['-g', 'postgres'])).stdout));
  const dataDir = path.join(folder, 'data');
  await command('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${folder} -c fsync=off -c synchronous_commit=off`;
  const start = () =>
    command('pg_ctl', ['-D', dataDir, '-o', options, '-l', path.join(folder, 'server.log'), '-w', 'start']).then(() => {});
  const stop = () => command('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).then(() => {});
  await start();
  let running = true;
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    folder,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => {});
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
