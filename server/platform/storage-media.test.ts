// /media/<key> (the original's MEDIA_URL): local files served with protective headers; with
// S3, the same URLs redirect to the object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';
import { createStorage } from './storage.ts';

let ctx: TestContext;
const mediaRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'oser-served-'));
beforeAll(async () => {
  ctx = await createTestContext({ MEDIA_ROOT: mediaRoot });
  await ctx.storage.put('visits/images/affiche.png', Buffer.from('not really a png'), { contentType: 'image/png' });
  await ctx.storage.put('visits/fact_sheets/piège.html', Buffer.from('<script>alert(1)</script>'), { contentType: 'text/html' });
});
afterAll(async () => {
  await ctx?.database.destroy();
  fs.rmSync(mediaRoot, { recursive: true, force: true });
});

describe('local media', () => {
  it('serves stored files under /media/', async () => {
    const response = await request(createApp(ctx)).get('/media/visits/images/affiche.png');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.body.toString()).toBe('not really a png');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('never lets an uploaded page run scripts in the site origin', async () => {
    const response = await request(createApp(ctx)).get(`/media/visits/fact_sheets/${encodeURIComponent('piège.html')}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toMatch(/sandbox/);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'none'/);
  });

  it('answers 404 for missing files and paths outside the media root', async () => {
    const app = createApp(ctx);
    expect((await request(app).get('/media/visits/images/absent.png')).status).toBe(404);
    expect((await request(app).get('/media/%2e%2e/package.json')).status).toBe(404);
    expect((await request(app).get('/media/')).status).toBe(404);
  });
});

describe('S3 media', () => {
  it('redirects /media/<key> to the object', async () => {
    const config = testConfig({ STORAGE: 's3', AWS_STORAGE_BUCKET_NAME: 'oser-media', AWS_S3_REGION_NAME: 'eu-west-1' });
    const app = createApp({ ...ctx, config, storage: createStorage(config) });
    const response = await request(app).get('/media/markdownx/plan.png');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('https://oser-media.s3.amazonaws.com/media/markdownx/plan.png');
  });
});
