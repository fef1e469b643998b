// Test support: a real S3-compatible server (s3rver) on loopback with an empty bucket, in a
// child process (so its memory is not the server's, and it can be killed), and the
// settings that point the S3 backend at it (docs/stack.md#s3).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Environment-style settings for `createTestContext` / `testConfig`. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const SERVER = `
const S3rver = require('s3rver');
const [directory, bucket] = process.argv.slice(1);
new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  .run()
  .then((address) => console.log('PORT ' + address.port));
`;

export async function startLocalS3(bucket = 'oser-test'): Promise<LocalS3> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-s3rver-'));
  const child = spawn(process.execPath, ['-e', SERVER, directory, bucket], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (data) => {
      output += data;
      const match = /PORT (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: {
      STORAGE: 's3',
      AWS_STORAGE_BUCKET_NAME: bucket,
      AWS_S3_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_S3_REGION_NAME: 'us-east-1',
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}
