import type dns from 'node:dns';
import { describe, expect, it } from 'vitest';
import { createOutboundGuard, isHttpUrl, OUTBOUND_REFUSED, type Resolver } from './outbound-guard';

/** A resolver answering from a table, so no test ever asks real DNS. */
function fakeDns(table: Record<string, string[]>): Resolver {
  return async (hostname) => {
    const found = table[hostname];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

function lookup(
  resolver: Resolver,
  hostname: string,
  options: dns.LookupOptions,
  allow: 'none' | 'loopback' = 'none',
): Promise<{ err: NodeJS.ErrnoException | null; address: unknown; family?: number }> {
  const guard = createOutboundGuard(allow, resolver);
  return new Promise((resolve) =>
    guard.lookup(hostname, options, (err, address, family) => resolve({ err, address, family })),
  );
}

describe('outbound guard: URLs', () => {
  const guard = createOutboundGuard('none', fakeDns({}));

  it.each([
    // odd IPv4 notations reach the check as the dotted quad the URL parser makes of them
    ['http://2130706433/', '127.0.0.0/8'],
    ['http://0x7f.1/', '127.0.0.0/8'],
    ['http://127.1/', '127.0.0.0/8'],
    ['http://0177.0.0.1/', '127.0.0.0/8'],
    ['http://127.0.0.1./', '127.0.0.0/8'],
    ['http://%31%32%37.0.0.1/', '127.0.0.0/8'],
    ['http://0/', '0.0.0.0/8'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.0.0/16'],
    ['http://[::1]:8080/', '::1/128'],
    ['http://[::ffff:127.0.0.1]/', '127.0.0.0/8'],
    ['http://[0:0:0:0:0:ffff:a9fe:a9fe]/', '169.254.0.0/16'],
    ['http://[::7f00:1]/', '::/96'],
    ['http://[64:ff9b::a00:1]/', '64:ff9b::/96'],
    ['http://[2002:a00:1::]/', '2002::/16'],
    ['http://[2001:0:4136:e378::1]/', '2001::/32'],
    ['http://[fd00::1]/', 'fc00::/7'],
  ])('refuses %s (%s) before connecting', (url, cidr) => {
    expect(() => guard.checkUrl(url)).toThrow(expect.objectContaining({ code: OUTBOUND_REFUSED }));
    expect(() => guard.checkUrl(url)).toThrow(cidr);
  });

  it.each([
    'file:///etc/passwd',
    'gopher://127.0.0.1:6379/_INFO',
    'ftp://example.com/x',
    'data:text/plain,hi',
    'javascript:alert(1)',
    'not a url',
    '//example.com/x',
  ])('refuses %s: only http(s) URLs', (url) => {
    expect(() => guard.checkUrl(url)).toThrow(expect.objectContaining({ code: OUTBOUND_REFUSED }));
    expect(isHttpUrl(url)).toBe(false);
  });

  it('passes public literals and names through (names are judged by lookup)', () => {
    expect(guard.checkUrl('https://8.8.8.8/hook').hostname).toBe('8.8.8.8');
    expect(guard.checkUrl('https://hooks.example.com/x').hostname).toBe('hooks.example.com');
    expect(isHttpUrl('https://hooks.example.com/x')).toBe(true);
  });

  it('lets loopback literals through only with the loopback opt-in, and nothing else private', () => {
    const dev = createOutboundGuard('loopback', fakeDns({}));
    expect(dev.checkUrl('http://127.0.0.1:3000/hook').port).toBe('3000');
    expect(dev.checkUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(dev.checkUrl('http://[::1]/').hostname).toBe('[::1]');
    for (const url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://0.0.0.0/', 'http://[fe80::1]/'])
      expect(() => dev.checkUrl(url), url).toThrow(expect.objectContaining({ code: OUTBOUND_REFUSED }));
  });
});

describe('outbound guard: lookup', () => {
  const dns = fakeDns({
    'public.test': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'internal.test': ['10.0.0.5'],
    'metadata.test': ['169.254.169.254'],
    'mixed.test': ['93.184.216.34', '192.168.1.1'],
    'nat64.test': ['64:ff9b::a00:5'],
    'localhost.test': ['127.0.0.1', '::1'],
  });

  it('answers public names as dns.lookup would, one address or all', async () => {
    expect(await lookup(dns, 'public.test', {})).toEqual({ err: null, address: '93.184.216.34', family: 4 });
    expect(await lookup(dns, 'public.test', { family: 6 })).toMatchObject({
      address: '2606:2800:220:1:248:1893:25c8:1946',
      family: 6,
    });
    const all = await lookup(dns, 'public.test', { all: true });
    expect(all.err).toBeNull();
    expect(all.address).toHaveLength(2);
  });

  it.each(['internal.test', 'metadata.test', 'mixed.test', 'nat64.test', 'localhost.test'])(
    'refuses %s, which resolves to a non-public address',
    async (host) => {
      for (const options of [{}, { all: true }]) {
        const r = await lookup(dns, host, options);
        expect(r.err?.code).toBe(OUTBOUND_REFUSED);
        expect(r.err?.message).not.toMatch(/\d+\.\d+\.\d+\.\d+/);
      }
    },
  );

  it('allows names resolving to loopback with the opt-in, and still refuses private ones', async () => {
    expect((await lookup(dns, 'localhost.test', { all: true }, 'loopback')).err).toBeNull();
    expect((await lookup(dns, 'internal.test', {}, 'loopback')).err?.code).toBe(OUTBOUND_REFUSED);
  });

  it('passes DNS failures on as they are (retryable)', async () => {
    expect((await lookup(dns, 'nowhere.test', {})).err?.code).toBe('ENOTFOUND');
  });
});
