import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';
import { UNVERSIONED_CACHE_MS } from './client-auth';

describe('client authentication across API processes', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('a secret changed through another process stops working here, and the new one works', async () => {
    const other = await build(w.config, { logger: false });
    try {
      const { accessToken } = await createItem(w, w.clientA);
      const body = { ...auth(w.clientA), access_token: accessToken };
      // Verified once, and again from the cache.
      expect((await post(w, '/accounts/get', body)).status).toBe(200);
      expect((await post(w, '/accounts/get', body)).status).toBe(200);

      const rekeyed = { clientId: w.clientA.clientId, secret: 'rotated-secret-0123456789' };
      await other.ctx.clients.put(rekeyed, 'client-a');
      // SQLite tells this process at once; on PostgreSQL a verified secret is trusted a moment.
      if (w.ctx.changeEpoch() === null) await sleep(UNVERSIONED_CACHE_MS + 50);

      const old = await post(w, '/accounts/get', body);
      expect(old).toMatchObject({ status: 400, body: { error_code: 'INVALID_API_KEYS' } });
      const fresh = await post(w, '/accounts/get', { ...body, secret: rekeyed.secret });
      expect(fresh.status).toBe(200);
    } finally {
      await other.app.close();
    }
  });
});
