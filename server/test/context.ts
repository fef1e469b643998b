// Builds the application context for tests: test configuration (overridable) + a fresh
// database of the test file's own.
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { parseConfig, type Config } from '../platform/config.ts';
import type { AppContext } from '../platform/context.ts';
import { createStorage } from '../platform/storage.ts';
import { createTestDatabase, testDatabaseEnv, type TestDatabase } from './database.ts';

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    SECRET_KEY: 'test-secret-key-of-at-least-32-characters',
    // Uploads of tests never land in the working copy's data/media.
    MEDIA_ROOT: path.join(os.tmpdir(), `oser-test-media-${process.pid}`),
    ...testDatabaseEnv(),
    ...overrides,
  });
}

export interface TestContext extends AppContext {
  database: TestDatabase;
}

export async function createTestContext(overrides: Record<string, string> = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const config = testConfig(overrides);
  return { config, db: database.db, logger: pino({ level: 'silent' }), storage: createStorage(config), database };
}
