import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../../lib/outbound-guard';
import { HttpFailure, httpRequest } from './simplefin.http';
import { classify, minor, toSourceData } from './simplefin.map';
import { validateAccountSet } from './simplefin.protocol';

describe('SimpleFIN in Weft terms', () => {
  it('reads decimal strings into exact minor units of the currency', () => {
    expect(minor('1234.56', 'USD')).toBe(123456);
    expect(minor('-0.005', 'USD')).toBe(-1);
    expect(minor('0.004', 'USD')).toBe(0);
    expect(minor('-12', 'USD')).toBe(-1200);
    expect(minor('1500', 'JPY')).toBe(1500);
    expect(minor('1.2345', 'KWD')).toBe(1235);
    expect(minor('19.99', 'EUR')).toBe(1999);
  });

  it('types accounts by name and balance sign', () => {
    expect(classify('Platinum Card', -100)).toEqual({ type: 'credit', subtype: 'credit card' });
    expect(classify('High Yield Savings', 100)).toEqual({ type: 'depository', subtype: 'savings' });
    expect(classify('Home Mortgage', -100)).toEqual({ type: 'loan', subtype: 'mortgage' });
    expect(classify('Joint', -100)).toEqual({ type: 'credit', subtype: 'credit card' });
    expect(classify('Joint Checking', -100)).toEqual({ type: 'depository', subtype: 'checking' });
    expect(classify('Joint', 100)).toEqual({ type: 'depository', subtype: 'checking' });
  });

  it('leaves out accounts in a custom currency and keeps pending entries dated by their authorization', () => {
    const set = validateAccountSet({
      errors: [],
      accounts: [
        {
          org: { domain: 'b.example', 'sfin-url': 'https://b.example/sf' },
          id: 'A1',
          name: 'Checking',
          currency: 'usd',
          balance: '10.00',
          'balance-date': 1_790_000_000,
          transactions: [
            {
              id: 'T1',
              posted: 0,
              amount: '-1.25',
              description: '',
              payee: 'Kiosk',
              transacted_at: 1_789_990_000,
            },
          ],
        },
        {
          org: { domain: 'b.example', 'sfin-url': 'https://b.example/sf' },
          id: 'A2',
          name: 'Points',
          currency: 'https://b.example/points',
          balance: '500',
          'balance-date': 1_790_000_000,
          transactions: [],
        },
      ],
    });
    const data = toSourceData(set);
    expect(data.accounts.map((a) => [a.name, a.currency])).toEqual([['Checking', 'USD']]);
    expect(data.transactions).toEqual([
      expect.objectContaining({
        id: 'T1',
        amount: 125,
        pending: true,
        description: 'Kiosk',
        date: '2026-09-21',
        authorizedDate: '2026-09-21',
      }),
    ]);
    expect(() => validateAccountSet({ accounts: [{ id: 'x', org: {}, balance: 'ten' }] })).toThrow(/balance/);
  });
});

describe('SimpleFIN requests and redirects', () => {
  const servers: http.Server[] = [];
  const start = async (handler: http.RequestListener) => {
    const s = http.createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };
  let echo = '';
  beforeAll(async () => {
    echo = await start((req, res) =>
      res.end(JSON.stringify({ authorization: req.headers.authorization ?? null })),
    );
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
  });
  const opts = { guard: createOutboundGuard('loopback'), timeoutMs: 2000, maxBytes: 10_000 };

  it('follows a redirect to another origin without the credentials', async () => {
    const hop = await start((_req, res) => {
      res.writeHead(307, { location: `${echo}/accounts` });
      res.end();
    });
    const res = await httpRequest(
      { method: 'GET', url: new URL(`${hop}/accounts`), headers: { authorization: 'Basic dTpw' } },
      opts,
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ authorization: null });
  });

  it('checks every redirect against the outbound policy, and stops after three', async () => {
    const toPrivate = await start((_req, res) => {
      res.writeHead(302, { location: 'http://10.0.0.8/accounts' });
      res.end();
    });
    await expect(httpRequest({ method: 'GET', url: new URL(toPrivate) }, opts)).rejects.toMatchObject({
      kind: 'refused',
    });
    const loop: string[] = [];
    loop.push(
      await start((_req, res) => {
        res.writeHead(302, { location: loop[0]! });
        res.end();
      }),
    );
    const e = await httpRequest({ method: 'GET', url: new URL(loop[0]!) }, opts).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HttpFailure);
    expect((e as HttpFailure).message).toMatch(/redirects/);
  });

  it('refuses plain http to anything but an allowed loopback address', async () => {
    await expect(
      httpRequest({ method: 'GET', url: new URL(echo) }, { ...opts, guard: createOutboundGuard('none') }),
    ).rejects.toMatchObject({ kind: 'refused' });
  });
});
