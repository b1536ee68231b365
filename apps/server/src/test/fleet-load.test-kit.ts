/** An Item the load created: what its exchange and its last acknowledged webhook update said. */
export interface LoadItem {
  accessToken: string;
  itemId: string;
  /** Where its webhook URLs start (updates add `/v1`, `/v2`, …). */
  hooks: string;
  /** The webhook URL of the last update Weft acknowledged (or the one the Item was created with). */
  webhook: string;
  updates: number;
  cursor: string;
}

/** What Weft answered, and how often a connection had to go to the other API. */
export interface LoadStats {
  requests: number;
  byStatus: Record<number, number>;
  /** Connections refused: nothing was sent, the request went to the other API. */
  refused: number;
  /** Connections cut with the request sent: its outcome unknown, it went to the other API. */
  cut: number;
}

interface Answer {
  route: string;
  status: number;
  body: Record<string, unknown>;
  /** An earlier try of this request was cut off, so it may have taken effect already. */
  retried: boolean;
}

interface Api {
  base: string;
}

/**
 * Mixed Plaid traffic from simulated users, sent to the API processes in turn with a load
 * balancer's failover: a request whose connection is refused or cut goes to the next process.
 * Each user makes an Item and runs a script of reads and writes on it, then makes another.
 */
export class FleetLoad {
  readonly items: LoadItem[] = [];
  readonly stats: LoadStats = { requests: 0, byStatus: {}, refused: 0, cut: 0 };
  /** Answers other than 2xx. */
  private readonly answers: Answer[] = [];
  private turn = 0;

  constructor(
    private readonly apis: Api[],
    private readonly keys: { clientId: string; secret: string },
    private readonly hookBase: string,
  ) {}

  /** One user's traffic until `until` (epoch ms). */
  async user(n: number, until: number): Promise<void> {
    for (let k = 0; Date.now() < until; k++) {
      const item = await this.createItem(`${this.hookBase}/u${n}i${k}`);
      if (!item) continue;
      for (const step of this.script) {
        if (Date.now() >= until) break;
        await step(item);
      }
    }
  }

  /** Answers other than 2xx and 429, except those a cut-off exchange explains. */
  errors(): Answer[] {
    return this.answers.filter((a) => a.status !== 429 && !consumedByCutTry(a));
  }

  /** Exchanges whose cut-off try had already used the public token: Items whose token we never got. */
  exchangesCut(): number {
    return this.answers.filter(consumedByCutTry).length;
  }

  /**
   * Reads every Item back through the APIs: each exchange acknowledged must give an Item with its
   * accounts, whose webhook is the last one acknowledged. Returns what did not.
   */
  async lostWrites(): Promise<string[]> {
    const lost: string[] = [];
    const queue = [...this.items];
    const reader = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const body = { access_token: item.accessToken };
        const got = await this.send('/item/get', body, false);
        const webhook = (got.body.item as { webhook?: string; item_id?: string } | undefined) ?? {};
        if (got.status !== 200 || webhook.item_id !== item.itemId)
          lost.push(`${item.itemId}: /item/get ${got.status} ${JSON.stringify(got.body).slice(0, 200)}`);
        else if (webhook.webhook !== item.webhook)
          lost.push(`${item.itemId}: webhook is ${webhook.webhook}, acknowledged ${item.webhook}`);
        const accounts = await this.send('/accounts/get', body, false);
        if (accounts.status !== 200 || !(accounts.body.accounts as unknown[] | undefined)?.length)
          lost.push(
            `${item.itemId}: /accounts/get ${accounts.status} ${JSON.stringify(accounts.body).slice(0, 200)}`,
          );
      }
    };
    await Promise.all(Array.from({ length: 6 }, reader));
    return lost;
  }

  private readonly script: ((item: LoadItem) => Promise<unknown>)[] = [
    (i) => this.call('/accounts/get', { access_token: i.accessToken }),
    (i) => this.sync(i),
    (i) => this.updateWebhook(i),
    (i) => this.call('/accounts/balance/get', { access_token: i.accessToken }),
    (i) =>
      this.call('/sandbox/item/fire_webhook', {
        access_token: i.accessToken,
        webhook_code: 'SYNC_UPDATES_AVAILABLE',
      }),
    (i) => this.call('/transactions/refresh', { access_token: i.accessToken }),
    (i) => this.call('/item/get', { access_token: i.accessToken }),
    () => this.readOther(),
    (i) => this.updateWebhook(i),
    (i) => this.sync(i),
    () => this.readOther(),
    (i) =>
      this.call('/sandbox/item/fire_webhook', {
        access_token: i.accessToken,
        webhook_code: 'DEFAULT_UPDATE',
      }),
    () => this.readOther(),
  ];

  private async createItem(webhook: string): Promise<LoadItem | undefined> {
    const pt = await this.call('/sandbox/public_token/create', {
      institution_id: 'ins_109508',
      initial_products: ['transactions'],
      options: { webhook },
    });
    if (pt.status !== 200) return undefined;
    const ex = await this.call('/item/public_token/exchange', { public_token: pt.body.public_token });
    if (ex.status !== 200) return undefined;
    const item: LoadItem = {
      accessToken: String(ex.body.access_token),
      itemId: String(ex.body.item_id),
      hooks: webhook,
      webhook,
      updates: 0,
      cursor: '',
    };
    this.items.push(item);
    return item;
  }

  private async updateWebhook(item: LoadItem): Promise<void> {
    const webhook = `${item.hooks}/v${++item.updates}`;
    const r = await this.call('/item/webhook/update', { access_token: item.accessToken, webhook });
    if (r.status === 200) item.webhook = webhook;
  }

  private async sync(item: LoadItem): Promise<void> {
    const r = await this.call('/transactions/sync', { access_token: item.accessToken, cursor: item.cursor });
    if (r.status === 200) item.cursor = String(r.body.next_cursor);
  }

  /** Balances of an Item another user made, most likely through the other process's cache. */
  private async readOther(): Promise<void> {
    const other = this.items[Math.floor(Math.random() * this.items.length)];
    if (other) await this.call('/accounts/balance/get', { access_token: other.accessToken });
  }

  private async call(route: string, body: Record<string, unknown>): Promise<Answer> {
    return this.send(route, body, true);
  }

  /** Sends to the next API in turn; a refused or cut connection sends it to the next one. */
  private async send(route: string, body: Record<string, unknown>, counted: boolean): Promise<Answer> {
    let retried = false;
    let at = this.turn++;
    for (let tries = 1; ; tries++, at++) {
      const api = this.apis[at % this.apis.length]!;
      try {
        const res = await fetch(`${api.base}${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ client_id: this.keys.clientId, secret: this.keys.secret, ...body }),
          signal: AbortSignal.timeout(45_000),
        });
        const answer: Answer = {
          route,
          status: res.status,
          body: (await res.json()) as Answer['body'],
          retried,
        };
        if (counted) {
          this.stats.requests++;
          this.stats.byStatus[res.status] = (this.stats.byStatus[res.status] ?? 0) + 1;
          if (!res.ok) this.answers.push(answer);
        }
        return answer;
      } catch (e) {
        if (e instanceof Error && e.name === 'TimeoutError') throw new Error(`${route} took over 45 s`);
        if (tries >= 200) throw e;
        if ((e as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') this.stats.refused++;
        else {
          this.stats.cut++;
          retried = true;
        }
        // Both down would mean something other than the one process killed; wait for a restart.
        if (tries % this.apis.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/** The cut-off try of an exchange went through: the Item exists, but its access token never came back. */
function consumedByCutTry(a: Answer): boolean {
  return (
    a.retried && a.route === '/item/public_token/exchange' && a.body.error_code === 'INVALID_PUBLIC_TOKEN'
  );
}
