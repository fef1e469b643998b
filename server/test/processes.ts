// Runs the project's own entry points (npm start, operator commands) as child processes,
// the way an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startCommand } from '../../scripts/start-command.ts';
import { testDatabaseEnv } from './database.ts';

export const projectRoot = path.resolve(import.meta.dirname, '../..');
const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point (relative to the project) to completion. */
export function runScript(script: string, env: Record<string, string>, args: string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], {
      cwd: projectRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface StartedServer {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `npm start`'s command (build first: buildServer) and resolves once it prints where it listens. */
export function startServerProcess(env: Record<string, string>): Promise<StartedServer> {
  return new Promise((resolve, reject) => {
    const [node, ...args] = startCommand();
    const child = spawn(node, args, {
      cwd: projectRoot,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...testDatabaseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) resolve({ child, url: match[1]!.replace('localhost', '127.0.0.1'), output: () => output, exited });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}
