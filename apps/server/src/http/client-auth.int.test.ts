import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app';
import { ClientsRepository } from '../products/clients/clients.repository';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';
import { ClientAuthenticator, UNVERSIONED_CACHE_MS } from './client-auth';

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
      // SQLite tells this process at once; PostgreSQL once the commit's notification arrives (polled,
      // bounded), or, with the change feed down, after a verified secret's moment of trust.
      if (w.ctx.changeEpoch() === null) await sleep(UNVERSIONED_CACHE_MS + 50);
      let old = await post(w, '/accounts/get', body);
      for (let i = 0; w.ctx.dialect === 'postgres' && old.status === 200 && i < 250; i++) {
        await sleep(20);
        old = await post(w, '/accounts/get', body);
      }
      expect(old).toMatchObject({ status: 400, body: { error_code: 'INVALID_API_KEYS' } });
      const fresh = await post(w, '/accounts/get', { ...body, secret: rekeyed.secret });
      expect(fresh.status).toBe(200);
    } finally {
      await other.app.close();
    }
  });

  it('answers without waiting only for the secret it verified, and only while nothing changed', async () => {
    const authenticator = new ClientAuthenticator(new ClientsRepository(w.ctx.db), w.ctx.changeEpoch);
    const request = (body: object) => ({ headers: {}, body }) as FastifyRequest;
    const keys = await w.ctx.clients.create('cached-client');
    const good = { client_id: keys.clientId, secret: keys.secret };
    expect(authenticator.cached(request(good))).toBeUndefined();
    expect(await authenticator.authenticate(request(good))).toEqual({
      clientId: keys.clientId,
      env: 'sandbox',
    });
    // PostgreSQL's change feed may report the create just after that read, which makes it stale.
    for (let i = 0; i < 100 && !authenticator.cached(request(good)); i++) {
      await sleep(20);
      await authenticator.authenticate(request(good));
    }
    expect(authenticator.cached(request(good))).toEqual({ clientId: keys.clientId, env: 'sandbox' });
    expect(authenticator.cached(request({ ...good, secret: `${keys.secret}x` }))).toBeUndefined();
    expect(authenticator.cached(request({ client_id: keys.clientId }))).toBeUndefined();
    expect(authenticator.cached(request(auth(w.clientB)))).toBeUndefined();
    await expect(authenticator.authenticate(request({ ...good, secret: 'wrong' }))).rejects.toMatchObject({
      code: 'INVALID_API_KEYS',
    });
    // Any write moves the epoch (where the database reports one): the next request reads again.
    if (w.ctx.changeEpoch() === null) return;
    await w.ctx.clients.put(
      { clientId: keys.clientId, secret: 'rotated-secret-9876543210' },
      'cached-client',
    );
    expect(authenticator.cached(request(good))).toBeUndefined();
    await expect(authenticator.authenticate(request(good))).rejects.toMatchObject({
      code: 'INVALID_API_KEYS',
    });
  });
});
