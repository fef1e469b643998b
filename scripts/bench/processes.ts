// Child processes of the benchmark (the real server, the floor): started as node processes
// directly (no npm or shell in between), so that the pid is the server's own and
// /proc/<pid>/status gives its RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const projectRoot = path.resolve(import.meta.dirname, '../..');

export interface Service {
  name: string;
  pid: number;
  url: string;
  /**
   * Resident memory of the process and its children (cluster workers) now, and the sum of
   * their peaks (VmHWM), in MB.
   */
  memory(): { rssMb: number; peakMb: number; processes: number } | null;
  /** User + system CPU time of the process and its children so far, in seconds (NaN once it has exited). */
  cpuSeconds: () => number;
  stop(): Promise<void>;
}

/** A port free right now (the OS picks it); main.ts cannot report a port it chose itself. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function readMemory(pid: number): { rssMb: number; peakMb: number } | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The process and its descendants (cluster workers), from /proc. */
function processTree(pid: number): number[] {
  let children: number[];
  try {
    children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(processTree)];
}

/** RSS of the whole tree now, and the sum of each process's own peak (VmHWM). */
function readTreeMemory(pid: number): { rssMb: number; peakMb: number; processes: number } | null {
  const each = processTree(pid)
    .map(readMemory)
    .filter((memory) => memory !== null);
  if (each.length === 0) return null;
  return {
    rssMb: each.reduce((sum, memory) => sum + memory.rssMb, 0),
    peakMb: each.reduce((sum, memory) => sum + memory.peakMb, 0),
    processes: each.length,
  };
}

// /proc/<pid>/stat counts in clock ticks, 100 per second on Linux (USER_HZ).
const TICKS_PER_SECOND = 100;

/** User + system CPU time so far of a process and of its children that exited and were waited for. */
function readCpuSeconds(pid: number): number {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces:
    // utime, stime, cutime and cstime are the 14th to 17th fields of the line.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return NaN; // exited meanwhile
  }
}

/**
 * CPU time so far of a process and its descendants (a cluster's workers, a PostgreSQL
 * server's backends), in seconds. Those that exited count too: a process that exits and is
 * waited for moves its time to its parent's children's time, which is read, so the sum does
 * not drop when a worker or a backend ends during a measured run.
 */
export function readTreeCpuSeconds(pid: number): number {
  const tree = processTree(pid);
  return tree.length === 0 ? NaN : tree.reduce((sum, member) => sum + (readCpuSeconds(member) || 0), 0);
}

/** The command name of a process (`postgres` for a PostgreSQL server's), null if there is none here. */
export function commandOf(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The parent of a process (a PostgreSQL backend's is its server's postmaster), NaN if gone. */
export function parentPid(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
  } catch {
    return NaN;
  }
}

export interface StartOptions {
  name: string;
  /** [executable, ...arguments]. */
  command: [string, ...string[]];
  env: Record<string, string>;
  /** Resolves with the service URL once it is ready; gets each chunk of stdout. */
  ready(stdout: string): Promise<string | null> | string | null;
  /** Polled every 200 ms when stdout says nothing useful; resolves the URL when ready. */
  poll?: () => Promise<string | null>;
  timeoutMs?: number;
}

export async function startService(options: StartOptions): Promise<Service> {
  const [executable, ...args] = options.command;
  const child: ChildProcess = spawn(executable, args, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${options.name} not ready after ${options.timeoutMs ?? 60_000} ms:\n${output}`)),
      options.timeoutMs ?? 60_000,
    );
    const done = (value: string | null) => {
      if (!value) return;
      clearTimeout(timer);
      clearInterval(poller);
      resolve(value);
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      void Promise.resolve(options.ready(output)).then(done, reject);
    });
    const poller = setInterval(
      () =>
        void options
          .poll?.()
          .catch(() => null)
          .then(done),
      200,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poller);
      reject(new Error(`${options.name} exited (${code}) before it was ready:\n${output}`));
    });
  });
  return {
    name: options.name,
    pid: child.pid!,
    url,
    memory: () => readTreeMemory(child.pid!),
    cpuSeconds: () => readTreeCpuSeconds(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
