// A restart loads only what answering the API needs (docs/benchmark.md, start-up): S3's SDK,
// nodemailer, sharp, file-type and Swagger UI are imported when first used, not at start.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const loaded = vi.hoisted(() => new Set<string>());
vi.mock('@aws-sdk/client-s3', async (original) => {
  loaded.add('@aws-sdk/client-s3');
  return original();
});
vi.mock('nodemailer', async (original) => {
  loaded.add('nodemailer');
  return original();
});
vi.mock('sharp', async (original) => {
  loaded.add('sharp');
  return original();
});
vi.mock('file-type', async (original) => {
  loaded.add('file-type');
  return original();
});
vi.mock('swagger-ui-express', async (original) => {
  loaded.add('swagger-ui-express');
  return original();
});

const { createApp } = await import('../app.ts');
const { createStorage } = await import('./storage.ts');
const { createMailTransport } = await import('./mail/transports.ts');
const { createTestContext } = await import('../test/context.ts');
const { testConfig } = await import('../test/context.ts');

let ctx: Awaited<ReturnType<typeof createTestContext>>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-lazy-'));
beforeAll(async () => {
  ctx = await createTestContext({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await ctx.database.destroy();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('optional modules', () => {
  it('are not loaded by building the app, the local storage and the mail transport', async () => {
    const app = createApp(ctx);
    createMailTransport(ctx.config, pino({ level: 'silent' }));
    expect((await request(app).get('/api/schools/choices/')).status).toBe(200);
    expect([...loaded]).toEqual([]);
  });

  it('are loaded by their first use', async () => {
    const docs = await request(createApp(ctx)).get('/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.text).toMatch(/swagger-ui/i);
    expect(loaded.has('swagger-ui-express')).toBe(true);

    const transport = createMailTransport(ctx.config, pino({ level: 'silent' }));
    await transport.send({ from: 'a@example.org', to: ['b@example.org'], subject: '[OSER] test', html: '<p>x</p>', text: 'x' });
    transport.close();
    expect(loaded.has('nodemailer')).toBe(true);
    expect(fs.readdirSync(ctx.config.mail.outboxDir)).toHaveLength(1);

    // Nothing listens on port 9: the call fails, after loading the SDK.
    const s3 = createStorage(
      testConfig({
        AWS_STORAGE_BUCKET_NAME: 'bucket',
        AWS_S3_ENDPOINT_URL: 'http://127.0.0.1:9',
        AWS_ACCESS_KEY_ID: 'key',
        AWS_SECRET_ACCESS_KEY: 'secret',
      }),
    );
    expect(s3.kind).toBe('s3');
    await expect(s3.exists('visits/x.jpg')).rejects.toThrow();
    expect(loaded.has('@aws-sdk/client-s3')).toBe(true);
  });
});
