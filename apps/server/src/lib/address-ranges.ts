import net from 'node:net';

/**
 * Special-purpose address ranges, from IANA's IPv4 and IPv6 Special-Purpose Address Registries
 * (plus multicast and the deprecated site-local block). Outbound connections refuse every one of
 * them: even the ranges IANA marks globally reachable (AS112, AMT, NAT64's 64:ff9b::/96) are never
 * where an app's webhook receiver lives, and translation prefixes lead back into private networks.
 */

/** Where an address falls: a named special-purpose range, or nowhere special (public). */
export interface AddressRange {
  /** The range in CIDR notation, as the registry lists it. */
  cidr: string;
  /** The registry's name for it. */
  name: string;
  /** True for the loopback ranges (127.0.0.0/8, ::1/128), which a development opt-in may allow. */
  loopback: boolean;
}

type Rule = readonly [cidr: string, name: string];

const V4_RULES: readonly Rule[] = [
  ['0.0.0.0/8', 'this network'],
  ['10.0.0.0/8', 'private-use'],
  ['100.64.0.0/10', 'shared address space'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private-use'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.31.196.0/24', 'AS112-v4'],
  ['192.52.193.0/24', 'AMT'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['192.168.0.0/16', 'private-use'],
  ['192.175.48.0/24', 'direct delegation AS112 service'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'limited broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

/**
 * IPv6 rules, most specific first. Only 2000::/3 is allocated as global unicast, so everything
 * outside it is refused by the last rule; the ones before it give the reason a name.
 */
const V6_RULES: readonly Rule[] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['::/96', 'IPv4-compatible (deprecated)'],
  ['64:ff9b::/96', 'IPv4/IPv6 translation (NAT64)'],
  ['64:ff9b:1::/48', 'local-use IPv4/IPv6 translation'],
  ['100::/64', 'discard-only'],
  ['100:0:0:1::/64', 'dummy prefix'],
  ['2001::/32', 'Teredo'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'IETF protocol assignments'],
  ['2002::/16', '6to4'],
  ['2620:4f:8000::/48', 'direct delegation AS112 service'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'segment routing (SRv6) SIDs'],
  ['fc00::/7', 'unique-local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'site-local (deprecated)'],
  ['ff00::/8', 'multicast'],
];

const OUTSIDE_GLOBAL_UNICAST: AddressRange = {
  cidr: '2000::/3 (outside)',
  name: 'not global unicast',
  loopback: false,
};

interface CompiledRule extends AddressRange {
  base: bigint;
  shift: bigint;
}

function compile(rules: readonly Rule[], bits: number): CompiledRule[] {
  return rules.map(([cidr, name]) => {
    const [addr, len] = cidr.split('/') as [string, string];
    const shift = BigInt(bits - Number(len));
    const value = bits === 32 ? v4Value(addr) : v6Value(addr);
    if (value === null) throw new Error(`bad range ${cidr}`);
    return { cidr, name, loopback: name === 'loopback', base: value >> shift, shift };
  });
}

const V4 = compile(V4_RULES, 32);
const V6 = compile(V6_RULES, 128);
const V4_MAPPED_PREFIX = 0xffffn;
const GLOBAL_UNICAST = 1n; // 2000::/3 is 001 in the top three bits

/**
 * The special-purpose range an IP address falls in, or null for a public address. An IPv4-mapped
 * IPv6 address (::ffff:a.b.c.d) is judged by the IPv4 address inside it, since that is where a
 * socket to it goes. Anything that is not an IP address in standard notation is refused (a
 * range named "not an IP address"): callers pass what DNS or the URL parser produced, which is
 * always standard.
 */
export function specialRangeOf(address: string): AddressRange | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return match(V4, v4Value(bare));
  if (family === 6) {
    const value = v6Value(bare);
    if (value === null) return NOT_AN_IP;
    if (value >> 32n === V4_MAPPED_PREFIX) return match(V4, value & 0xffffffffn);
    const special = match(V6, value);
    if (special) return special;
    return value >> 125n === GLOBAL_UNICAST ? null : OUTSIDE_GLOBAL_UNICAST;
  }
  return NOT_AN_IP;
}

const NOT_AN_IP: AddressRange = { cidr: '-', name: 'not an IP address', loopback: false };

function match(rules: readonly CompiledRule[], value: bigint | null): AddressRange | null {
  if (value === null) return NOT_AN_IP;
  const hit = rules.find((r) => value >> r.shift === r.base);
  return hit ? { cidr: hit.cidr, name: hit.name, loopback: hit.loopback } : null;
}

function v4Value(address: string): bigint | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    value = (value << 8n) | BigInt(p);
  }
  return value;
}

/** An IPv6 address (with `::` and an optional trailing dotted IPv4) as a 128-bit number. */
function v6Value(address: string): bigint | null {
  let text = address.toLowerCase();
  let tail: bigint[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4Value(dotted[1]!);
    if (v4 === null) return null;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, -dotted[1]!.length);
    if (text.endsWith(':') && !text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const fill = 8 - tail.length - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 0) return null;
  const words = [...head, ...Array<string>(halves.length === 2 ? fill : 0).fill('0'), ...rest];
  let value = 0n;
  for (const w of words) {
    if (!/^[0-9a-f]{1,4}$/.test(w)) return null;
    value = (value << 16n) | BigInt(`0x${w}`);
  }
  for (const t of tail) value = (value << 16n) | t;
  return value;
}
