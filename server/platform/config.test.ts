import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const production = {
  NODE_ENV: 'production',
  SECRET_KEY: 'x'.repeat(40),
  DATABASE_URL: 'postgresql://oser@db.example.org/oser',
  VISITS_TEAM_EMAIL: 'sorties@oser-cs.fr',
  ADMIN_INITIAL_PASSWORD: 'a-long-initial-password',
};

describe('configuration', () => {
  it('starts with no configuration at all in development, on the embedded database', () => {
    const config = parseConfig({});
    expect(config.env).toBe('development');
    expect(config.port).toBe(8000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.storage.kind).toBe('local');
    expect(config.admins).toEqual([{ name: 'Secteur Geek', email: 'oser.geek@gmail.com' }]);
  });

  it.each(['SECRET_KEY', 'DATABASE_URL', 'VISITS_TEAM_EMAIL'])('refuses production without %s', (name) => {
    const env: Record<string, string> = { ...production };
    delete env[name];
    expect(() => parseConfig(env)).toThrow(new RegExp(`${name}.*must be set in production`));
  });

  it('never uses a default secret or admin password in production', () => {
    const config = parseConfig(production);
    expect(config.secretKey).toBe(production.SECRET_KEY);
    const { ADMIN_INITIAL_PASSWORD: _, ...withoutPassword } = production;
    expect(parseConfig(withoutPassword).adminInitialPassword).toBeUndefined();
    expect(() => parseConfig({ ...production, ADMIN_INITIAL_PASSWORD: 'admin' })).toThrow(ConfigError);
  });

  it('refuses the development secret key in production', () => {
    const development = parseConfig({}).secretKey;
    expect(parseConfig({ NODE_ENV: 'test', SECRET_KEY: development }).secretKey).toBe(development);
    expect(() => parseConfig({ ...production, SECRET_KEY: development })).toThrow(/SECRET_KEY may not be the development key/);
  });

  it.each([
    ['too short', 'Xy7-pq', /trop court/],
    ['only digits', '839201746153', /entièrement numérique/],
    ['too common', 'motdepasse', /trop courant/],
  ])('refuses an ADMIN_INITIAL_PASSWORD that breaks the password rules in production (%s)', (_case, password, message) => {
    expect(() => parseConfig({ ...production, ADMIN_INITIAL_PASSWORD: password })).toThrow(message);
    expect(parseConfig({ ADMIN_INITIAL_PASSWORD: password }).adminInitialPassword).toBe(password);
  });

  it('reads TRUST_PROXY as a number of proxies, 0 by default, and refuses `true`', () => {
    expect(parseConfig({}).trustProxy).toBe(0);
    expect(parseConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: must be the number of proxies/);
  });

  it('reports every invalid value on one line', () => {
    const attempt = () => parseConfig({ PORT: 'eighty', SECRET_KEY: 'short', MAILS_ENABLED: 'False' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/SECRET_KEY: must be at least 32 characters/);
      expect(message).toMatch(/MAILS_ENABLED/);
    }
  });

  it('parses booleans strictly (S9)', () => {
    expect(parseConfig({ MAILS_ENABLED: 'false' }).mail.enabled).toBe(false);
    expect(parseConfig({ MAILS_ENABLED: 'true' }).mail.enabled).toBe(true);
    expect(() => parseConfig({ MAILS_ENABLED: 'nope' })).toThrow(ConfigError);
  });

  it('switches storage to S3 when a bucket is configured', () => {
    const config = parseConfig({ AWS_STORAGE_BUCKET_NAME: 'oser-media' });
    expect(config.storage).toMatchObject({ kind: 's3', bucket: 'oser-media', keyPrefix: 'media/' });
    expect(() => parseConfig({ STORAGE: 's3' })).toThrow(/AWS_STORAGE_BUCKET_NAME/);
  });

  it('reads the admins as a JSON list', () => {
    const admins = [{ name: 'Bureau', email: 'bureau@oser-cs.fr' }];
    expect(parseConfig({ ADMINS: JSON.stringify(admins) }).admins).toEqual(admins);
    expect(() => parseConfig({ ADMINS: 'not json' })).toThrow(/ADMINS/);
  });

  it('keeps the original CORS origins, Heroku excepted (S8)', () => {
    const { corsOriginRegexes } = parseConfig({});
    const allowed = (origin: string) => corsOriginRegexes.some((regex) => regex.test(origin));
    expect(allowed('http://localhost:3000')).toBe(true);
    expect(allowed('https://oser-cs.fr')).toBe(true);
    expect(allowed('https://www.oser-cs.fr')).toBe(true);
    expect(allowed('https://evil.herokuapp.com')).toBe(false);
    expect(allowed('https://oser-cs.fr.evil.com')).toBe(false);
  });

  it('runs a worker per core on a real PostgreSQL, one on the embedded database (WEB_CONCURRENCY)', () => {
    expect(parseConfig({}).webConcurrency).toBe(1);
    expect(parseConfig({ DATABASE_URL: 'postgresql://oser@db/oser' }).webConcurrency).toBe(os.availableParallelism());
    expect(parseConfig({ DATABASE_URL: 'postgresql://oser@db/oser', WEB_CONCURRENCY: '3' }).webConcurrency).toBe(3);
    expect(() => parseConfig({ WEB_CONCURRENCY: '2' })).toThrow(/WEB_CONCURRENCY above 1 needs DATABASE_URL/);
    expect(() => parseConfig({ DATABASE_URL: 'postgresql://oser@db/oser', WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY/);
  });

  it('prepares statements on a real PostgreSQL unless DATABASE_PREPARED_STATEMENTS=false, never on the embedded one', () => {
    const server = 'postgresql://oser@db/oser';
    expect(parseConfig({ DATABASE_URL: server }).databasePreparedStatements).toBe(true);
    expect(parseConfig({ DATABASE_URL: server, DATABASE_PREPARED_STATEMENTS: 'false' }).databasePreparedStatements).toBe(false);
    expect(parseConfig({}).databasePreparedStatements).toBe(false);
    expect(parseConfig({ DATABASE_PREPARED_STATEMENTS: 'true' }).databasePreparedStatements).toBe(false);
    expect(() => parseConfig({ DATABASE_URL: server, DATABASE_PREPARED_STATEMENTS: 'maybe' })).toThrow(/DATABASE_PREPARED_STATEMENTS/);
  });

  it('opens /metrics in development, needs METRICS_TOKEN in production', () => {
    expect(parseConfig({}).metricsToken).toBeUndefined();
    expect(parseConfig(production).metricsToken).toBeNull();
    expect(parseConfig({ ...production, METRICS_TOKEN: 'm'.repeat(16) }).metricsToken).toBe('m'.repeat(16));
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
