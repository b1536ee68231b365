import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake SimpleFIN Bridge for tests: node:http on 127.0.0.1 speaking the protocol (claim URLs,
 * Basic-authenticated `/accounts` with date windows and pending), with deterministic fixtures
 * dated relative to the `now` it is given, and scripted failures.
 */

export interface FakeTransaction {
  id: string;
  /** Unix seconds; 0 while pending. */
  posted: number;
  amount: string;
  description: string;
  payee?: string;
  transacted_at?: number;
  pending?: boolean;
}

export interface FakeAccount {
  id: string;
  name: string;
  currency: string;
  balance: string;
  'available-balance'?: string;
  'balance-date': number;
  transactions: FakeTransaction[];
}

/** What the next `/accounts` answers do instead of serving the fixtures. */
export type AccountsScript =
  | { kind: 'serve' }
  | { kind: 'status'; status: number }
  | { kind: 'slow'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'errors'; errors: string[]; withData: boolean };

export interface FakeBridge {
  /** `http://127.0.0.1:port` */
  origin: string;
  /** A new setup token (base64 of a fresh claim URL). */
  setupToken(): string;
  /** A token whose claim URL answers 403 (expired). */
  expiredToken(): string;
  /** The fixtures served (tests add transactions, post pendings, change balances). */
  accounts: FakeAccount[];
  /** Requests received: method, path and query. */
  requests: { method: string; path: string; query: Record<string, string> }[];
  /** How `/accounts` answers from now on. */
  script: AccountsScript;
  /** Revokes every access URL claimed so far: they answer 403 from now on. */
  revokeAll(): void;
  close(): Promise<void>;
}

const DAY = 86_400;

/** The fixtures: a checking account with a pending entry and old history, and a credit card. */
export function fixtureAccounts(nowS: number): FakeAccount[] {
  const day = (n: number) => nowS - n * DAY;
  return [
    {
      id: 'ACT-checking',
      name: 'Everyday Checking',
      currency: 'USD',
      balance: '1234.56',
      'available-balance': '1222.56',
      'balance-date': day(0),
      transactions: [
        { id: 'TRN-pay', posted: day(10), amount: '2500.00', description: 'PAYROLL ACME CORP' },
        {
          id: 'TRN-coffee',
          posted: day(3),
          amount: '-4.50',
          description: 'BLUE BOTTLE COFFEE',
          payee: 'Blue Bottle',
        },
        { id: 'TRN-grocer', posted: day(1), amount: '-82.13', description: 'WHOLE FOODS #123' },
        {
          id: 'TRN-pending',
          posted: 0,
          amount: '-12.00',
          description: 'CORNER DELI',
          transacted_at: day(0) - 3600,
          pending: true,
        },
        { id: 'TRN-old', posted: day(150), amount: '-30.00', description: 'CITY GYM ANNUAL' },
      ],
    },
    {
      id: 'ACT-card',
      name: 'Rewards Visa',
      currency: 'USD',
      balance: '-450.25',
      'balance-date': day(0),
      transactions: [
        { id: 'TRN-dinner', posted: day(5), amount: '-45.25', description: 'TRATTORIA ROMA' },
        { id: 'TRN-payment', posted: day(20), amount: '200.00', description: 'PAYMENT THANK YOU' },
      ],
    },
  ];
}

/** Starts a fake Bridge on 127.0.0.1 serving `fixtureAccounts(nowS)`. */
export async function startFakeBridge(nowS = Math.floor(Date.now() / 1000)): Promise<FakeBridge> {
  const tokens = new Map<string, 'open' | 'claimed' | 'expired'>();
  const credentials = new Map<string, boolean>();
  let seq = 0;
  const requests: FakeBridge['requests'] = [];
  const bridge = {
    accounts: fixtureAccounts(nowS),
    script: { kind: 'serve' } as AccountsScript,
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
    });
    req.resume();
    req.on('end', () => {
      void answer(url, req, res);
    });
  });

  async function answer(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const claim = /^\/simplefin\/claim\/([\w-]+)$/.exec(url.pathname);
    if (claim && req.method === 'POST') {
      const state = tokens.get(claim[1]!);
      if (state !== 'open') return send(res, 403, 'Forbidden');
      tokens.set(claim[1]!, 'claimed');
      const user = `user${++seq}`;
      const pass = `pass${seq}x${claim[1]!.slice(0, 6)}`;
      credentials.set(`${user}:${pass}`, true);
      return send(res, 200, `http://${user}:${pass}@127.0.0.1:${port()}/simplefin`);
    }
    if (url.pathname === '/simplefin/accounts' && req.method === 'GET') {
      const header = req.headers.authorization ?? '';
      const creds = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString() : '';
      if (!credentials.get(creds)) return send(res, 403, 'Forbidden');
      const script = bridge.script;
      if (script.kind === 'status') return send(res, script.status, 'Internal Server Error');
      if (script.kind === 'malformed') return send(res, 200, '{"errors": [], "accounts": [ {"id": ');
      if (script.kind === 'slow') await new Promise((r) => setTimeout(r, script.ms));
      const start = Number(url.searchParams.get('start-date') ?? 0);
      const end = Number(url.searchParams.get('end-date') ?? Number.MAX_SAFE_INTEGER);
      const pending = url.searchParams.get('pending') === '1';
      const errors = script.kind === 'errors' ? script.errors : [];
      const accounts =
        script.kind === 'errors' && !script.withData
          ? []
          : bridge.accounts.map((a) => ({
              org: {
                domain: 'bank.example',
                'sfin-url': `http://127.0.0.1:${port()}/simplefin`,
                name: 'Example Bank',
              },
              ...a,
              transactions: a.transactions.filter((t) => {
                const when = t.posted || t.transacted_at || 0;
                if (t.posted === 0 && !pending) return false;
                return when >= start && when < end;
              }),
            }));
      return send(res, 200, JSON.stringify({ errors, accounts }), 'application/json');
    }
    send(res, 404, 'Not Found');
  }

  function send(res: http.ServerResponse, status: number, body: string, type = 'text/plain'): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = () => (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port()}`;
  const mint = (state: 'open' | 'expired') => {
    const id = `tok${++seq}`;
    tokens.set(id, state);
    return Buffer.from(`${origin}/simplefin/claim/${id}`).toString('base64');
  };

  return Object.assign(bridge, {
    origin,
    requests,
    setupToken: () => mint('open'),
    expiredToken: () => mint('expired'),
    revokeAll: () => {
      for (const k of credentials.keys()) credentials.set(k, false);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
