import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('defaults to SQLite under ./data on port 8080 with nothing set', () => {
    const c = loadConfig({}, '/srv/weft');
    expect(c.port).toBe(8080);
    expect(c.database).toEqual({ dialect: 'sqlite', file: '/srv/weft/data/weft.sqlite' });
    expect(c.sandboxClientId).toBeUndefined();
  });

  it('selects PostgreSQL from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      dialect: 'postgres',
      url: 'postgres://u@h:5432/db',
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h/db' }).database.dialect).toBe('postgres');
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
});
