import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connector, LinkedSource, SourceHealth, StoredAccountRef } from '../../connectors/connector';
import { FilesConnector } from '../../connectors/files/files.connector';
import { ConnectorRegistry, DEFAULT_CONNECTORS } from '../../connectors/registry';
import { PlaidError } from '../../http/errors';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../../test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { ItemHealthService } from './item-health.service';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};

/**
 * A source whose login the test breaks at will, counting how often its health is asked; otherwise
 * it behaves as statement files do (nothing to log into or read again).
 */
class FakeConnector implements Connector {
  readonly institutions = [];
  readonly listed = false;
  readonly environments = ['sandbox'] as const;
  health_: SourceHealth | 'unreachable' = { status: 'healthy' };
  asked = 0;
  private readonly files = new FilesConnector();

  constructor(readonly id: string) {}

  link() {
    return this.files.link();
  }

  refresh() {
    return this.files.refresh();
  }

  details(source: LinkedSource, accounts: readonly StoredAccountRef[]) {
    return this.files.details(source, accounts);
  }

  async health(): Promise<SourceHealth> {
    this.asked++;
    if (this.health_ === 'unreachable') throw new Error('source unreachable');
    return this.health_;
  }
}

describe("Item health from each Item's connector", () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  const clock = new FixedClock(new Date('2026-11-25T10:00:00Z'));
  const flaky = new FakeConnector('flaky');
  const broken = new FakeConnector('broken');
  const unreachable = new FakeConnector('unreachable');
  const connectors = new ConnectorRegistry([...DEFAULT_CONNECTORS, flaky, broken, unreachable]);
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST, clock });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  /** A sandbox Item rebound to `connector`, as if that connector had linked it. */
  async function itemOf(connector: FakeConnector): Promise<{ accessToken: string; itemId: string }> {
    const made = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    await w.ctx.db
      .updateTable('items')
      .set({ connector: connector.id })
      .where('item_id', '=', made.itemId)
      .execute();
    return made;
  }

  const errorHooks = (itemId: string) => (h: ReceivedWebhook) =>
    h.json.item_id === itemId && h.json.webhook_code === 'ERROR';

  it('records the error a connector reports on the Item as Plaid shows it, and sends ITEM/ERROR once', async () => {
    const health = new ItemHealthService(w.ctx.db, clock, w.ctx.items, connectors);
    const { accessToken, itemId } = await itemOf(flaky);
    const sandboxItem = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    const itemGet = (token: string) =>
      post<{ item: { error: Record<string, unknown> | null } }>(w, '/item/get', {
        ...auth(w.clientA),
        access_token: token,
      });

    expect(await health.scan()).toBeGreaterThanOrEqual(2);
    expect(flaky.asked).toBe(1);
    expect((await itemGet(accessToken)).body.item.error).toBeNull();

    flaky.health_ = { status: 'error', error: new PlaidError('ITEM_LOCKED') };
    await health.scan();
    const item = await itemGet(accessToken);
    expect(item.body.item.error).toMatchObject({
      error_type: 'ITEM_ERROR',
      error_code: 'ITEM_LOCKED',
      status: 400,
    });
    const accounts = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(accounts.status).toBe(400);
    expect(accounts.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOCKED' });
    const [hook] = await rx.waitFor(1, errorHooks(itemId));
    expect(hook!.json).toMatchObject({
      webhook_type: 'ITEM',
      webhook_code: 'ERROR',
      item_id: itemId,
      environment: 'sandbox',
      error: { error_type: 'ITEM_ERROR', error_code: 'ITEM_LOCKED', status: 400 },
    });
    expect(webhookProblems('ItemErrorWebhook', hook!.json) ?? []).toEqual([]);
    expect((await itemGet(sandboxItem.accessToken)).body.item.error).toBeNull();

    // A failing Item waits for update mode: it is not asked again, nor announced twice.
    const asked = flaky.asked;
    await health.scan();
    expect(flaky.asked).toBe(asked);
    await new Promise((res) => setTimeout(res, 100));
    expect(rx.received.filter(errorHooks(itemId))).toHaveLength(1);

    // Repaired, and its source healthy again, it stays repaired.
    flaky.health_ = { status: 'healthy' };
    await w.ctx.items.repair(await w.ctx.items.resolve(w.clientA.clientId, accessToken));
    await health.scan();
    expect(flaky.asked).toBe(asked + 1);
    expect((await itemGet(accessToken)).body.item.error).toBeNull();
  });

  it('asks every Item in turn, a page per scan, and a connector that throws stops no other', async () => {
    broken.health_ = { status: 'error', error: new PlaidError('ITEM_LOGIN_REQUIRED') };
    unreachable.health_ = 'unreachable';
    const health = new ItemHealthService(w.ctx.db, clock, w.ctx.items, connectors);
    await itemOf(unreachable);
    const { itemId } = await itemOf(broken);

    let failures = 0;
    for (let page = 0; page < 100; page++) {
      const n = await health.scanSources(1).catch((err: unknown) => {
        expect(String(err)).toMatch(/could not tell their health/);
        failures++;
        return 1;
      });
      if (n === 0) break;
    }
    expect([broken.asked, unreachable.asked, failures]).toEqual([1, 1, 1]);
    const [hook] = await rx.waitFor(1, errorHooks(itemId));
    expect(hook!.json.error).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });

    // All at once, the unreachable source fails the scan after the others were asked.
    const another = await itemOf(broken);
    await expect(health.scanSources()).rejects.toThrow(/1 of \d+ Items' connectors/);
    expect(unreachable.asked).toBe(2);
    const [second] = await rx.waitFor(1, errorHooks(another.itemId));
    expect(second!.json.error).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
  });
});
