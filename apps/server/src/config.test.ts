import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('defaults to SQLite under ./data on port 8080 with nothing set', () => {
    const c = loadConfig({}, '/srv/weft');
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ dialect: 'sqlite', file: '/srv/weft/data/weft.sqlite' });
    expect(c.sandboxClientId).toBeUndefined();
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it.each([
    [{}, true],
    [{ HOST: 'localhost' }, true],
    [{ HOST: '127.0.0.2' }, true],
    [{ HOST: '::1' }, true],
    [{ HOST: '0.0.0.0' }, false],
    [{ HOST: '::' }, false],
    [{ HOST: '192.168.1.10' }, false],
    [{ HOST: 'weft.internal' }, false],
    [{ WEFT_PUBLIC_URL: 'http://127.0.0.1:8080' }, true],
    [{ WEFT_PUBLIC_URL: 'http://[::1]:8080' }, true],
    [{ WEFT_PUBLIC_URL: 'https://weft.example.com' }, false],
    [{ WEFT_PUBLIC_URL: 'https://weft.example.com', WEFT_DEMO: 'true' }, true],
    [{ HOST: '0.0.0.0', WEFT_DEMO: 'true' }, true],
    [{ WEFT_DEMO: 'false' }, false],
  ])(
    'serves the demo only on loopback (listen address and public URL) or when asked: %o → %s',
    (env, demo) => {
      expect(loadConfig(env).demo).toBe(demo);
    },
  );

  it('selects PostgreSQL from DATABASE_URL', () => {
    const key = { WEFT_ENCRYPTION_KEY: 'ab'.repeat(32) };
    expect(loadConfig({ ...key, DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
    expect(loadConfig({ ...key, DATABASE_URL: 'postgresql://u@h/db' }).database.dialect).toBe('postgres');
  });

  it('refuses PostgreSQL without WEFT_ENCRYPTION_KEY: each process would seal with a key of its own', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' })).toThrow(
      /WEFT_ENCRYPTION_KEY: required with PostgreSQL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.sqlite' })).not.toThrow();
  });

  it('lists every invalid variable at once', () => {
    const bad = {
      PORT: 'eighty',
      DATABASE_URL: 'mysql://x',
      WEFT_SANDBOX_CLIENT_ID: 'short',
      LOG_LEVEL: 'loud',
      WEFT_ENCRYPTION_KEY: 'abc',
    };
    let error: unknown;
    try {
      loadConfig(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'WEFT_SANDBOX_CLIENT_ID',
      'WEFT_SANDBOX_SECRET',
      'LOG_LEVEL',
      'WEFT_ENCRYPTION_KEY',
    ])
      expect(problems).toContain(name);
  });

  it('accepts pinned sandbox keys and a hex or base64 encryption key', () => {
    const c = loadConfig({
      WEFT_SANDBOX_CLIENT_ID: 'my_client_123',
      WEFT_SANDBOX_SECRET: 'a-secret-that-is-long',
      WEFT_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(c.sandboxClientId).toBe('my_client_123');
    expect(() => loadConfig({ WEFT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') })).not.toThrow();
  });

  it('reads metrics access and the shutdown bound, and lists their bad values', () => {
    const c = loadConfig({});
    expect(c.metrics).toEqual({ token: undefined, port: undefined });
    expect(c.shutdownTimeoutMs).toBe(10_000);
    const set = loadConfig({
      WEFT_METRICS_TOKEN: 'scrape-token-0123456789',
      WEFT_METRICS_PORT: '9091',
      WEFT_SHUTDOWN_TIMEOUT_MS: '2500',
    });
    expect(set.metrics).toEqual({ token: 'scrape-token-0123456789', port: 9091 });
    expect(set.shutdownTimeoutMs).toBe(2500);
    let error: unknown;
    try {
      loadConfig({ WEFT_METRICS_TOKEN: 'short', WEFT_METRICS_PORT: '8080', WEFT_SHUTDOWN_TIMEOUT_MS: '-1' });
    } catch (e) {
      error = e;
    }
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['WEFT_METRICS_TOKEN', 'WEFT_METRICS_PORT', 'WEFT_SHUTDOWN_TIMEOUT_MS'])
      expect(problems).toContain(name);
  });
});
