import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

describe('webhook delivery settings', () => {
  it("default to Plaid's schedule: 10 s timeout, 7 attempts from 30 s, ×4, capped at a day", () => {
    expect(loadConfig({}).webhookDelivery).toEqual({
      pollMs: 1000,
      timeoutMs: 10_000,
      maxAttempts: 7,
      retryBaseMs: 30_000,
      retryMaxMs: 86_400_000,
      healthScanMs: 60_000,
      retentionDays: 30,
    });
    expect(loadConfig({}).allowPrivateTargets).toBe('none');
  });

  it('reads every variable and names each invalid one', () => {
    const c = loadConfig({
      WEFT_WEBHOOK_POLL_MS: '10',
      WEFT_WEBHOOK_TIMEOUT_MS: '300',
      WEFT_WEBHOOK_MAX_ATTEMPTS: '3',
      WEFT_WEBHOOK_RETRY_BASE_MS: '40',
      WEFT_WEBHOOK_RETRY_MAX_MS: '200',
      WEFT_ITEM_HEALTH_SCAN_MS: '50',
      WEFT_WEBHOOK_RETENTION_DAYS: '7',
      WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
    });
    expect(c.webhookDelivery).toMatchObject({ pollMs: 10, timeoutMs: 300, maxAttempts: 3, retentionDays: 7 });
    expect(c.allowPrivateTargets).toBe('loopback');
    let error: unknown;
    try {
      loadConfig({
        WEFT_WEBHOOK_MAX_ATTEMPTS: '0',
        WEFT_WEBHOOK_TIMEOUT_MS: 'soon',
        WEFT_ALLOW_PRIVATE_TARGETS: 'everything',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['WEFT_WEBHOOK_MAX_ATTEMPTS', 'WEFT_WEBHOOK_TIMEOUT_MS', 'WEFT_ALLOW_PRIVATE_TARGETS'])
      expect(problems).toContain(name);
  });
});

describe('private targets', () => {
  it('refuses the replaced WEFT_WEBHOOK_BLOCK_PRIVATE unless it asks for what is now the default', () => {
    expect(loadConfig({ WEFT_WEBHOOK_BLOCK_PRIVATE: 'true' }).allowPrivateTargets).toBe('none');
    expect(() => loadConfig({ WEFT_WEBHOOK_BLOCK_PRIVATE: 'false' })).toThrow(
      /WEFT_ALLOW_PRIVATE_TARGETS=loopback/,
    );
  });

  it('accepts none (the default, also when empty) and loopback only', () => {
    expect(loadConfig({ WEFT_ALLOW_PRIVATE_TARGETS: '' }).allowPrivateTargets).toBe('none');
    expect(loadConfig({ WEFT_ALLOW_PRIVATE_TARGETS: 'none' }).allowPrivateTargets).toBe('none');
    for (const bad of ['private', 'true', '10.0.0.0/8'])
      expect(() => loadConfig({ WEFT_ALLOW_PRIVATE_TARGETS: bad }), bad).toThrow(ConfigError);
  });
});
