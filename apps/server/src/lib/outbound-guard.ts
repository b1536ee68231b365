import dns from 'node:dns';
import net from 'node:net';
import { type AddressRange, specialRangeOf } from './address-ranges';

/**
 * The one gate every outbound connection Weft makes goes through (webhook delivery today,
 * connectors later). Private and special-purpose addresses are refused unless the operator opts
 * in to loopback for development (WEFT_ALLOW_PRIVATE_TARGETS=loopback).
 *
 * Two checks, both needed:
 * - `checkUrl` before connecting: only http(s), and a host given as an IP literal is judged at
 *   once (sockets skip the lookup for literals, so `lookup` never sees them);
 * - `lookup` as the socket's resolver: every address a name resolves to is judged, and the socket
 *   connects only to an address that passed. A name that resolves differently the second time
 *   (DNS rebinding) gains nothing, because no earlier answer is trusted.
 */

/** Which otherwise refused targets the operator allows: none, or loopback (development). */
export type PrivateTargets = 'none' | 'loopback';

/** One resolved address. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to its addresses (dns.lookup by default; tests inject their own). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Node's `lookup` option for sockets and http(s).request. */
export type LookupFunction = (
  hostname: string,
  options: dns.LookupOptions,
  callback: (
    err: NodeJS.ErrnoException | null,
    address: string | dns.LookupAddress[],
    family?: number,
  ) => void,
) => void;

/** The error code a refused target carries, so callers can tell policy from network failures. */
export const OUTBOUND_REFUSED = 'WEFT_OUTBOUND_REFUSED';

/** A target the policy refuses; retrying cannot help. */
export class OutboundRefusedError extends Error {
  readonly code = OUTBOUND_REFUSED;
}

/** The outbound policy, ready to use on requests. */
export interface OutboundGuard {
  readonly allow: PrivateTargets;
  /** Parses a URL and refuses what no connection should be tried for; throws OutboundRefusedError. */
  checkUrl(url: string): URL;
  /** Why an address is refused, or null when it may be connected to. */
  refusal(address: string): string | null;
  /** A socket `lookup` that resolves with the guard's resolver and fails for refused addresses. */
  lookup: LookupFunction;
}

/** The URL schemes outbound requests may use. */
export const OUTBOUND_PROTOCOLS: readonly string[] = ['http:', 'https:'];

/**
 * True when `url` parses as an absolute http(s) URL with a host: the shape Weft accepts for a
 * webhook or redirect URL at the API, before any policy on where it points.
 */
export function isHttpUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return OUTBOUND_PROTOCOLS.includes(u.protocol) && u.hostname !== '';
  } catch {
    return false;
  }
}

/** True when the range may be reached under this policy. */
function allowed(range: AddressRange | null, allow: PrivateTargets): boolean {
  return range === null || (allow === 'loopback' && range.loopback);
}

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Builds the guard for a policy; `resolve` replaces DNS (tests). */
export function createOutboundGuard(
  allow: PrivateTargets,
  resolve: Resolver = systemResolver,
): OutboundGuard {
  const refusal = (address: string): string | null => {
    const range = specialRangeOf(address);
    if (range === null || allowed(range, allow)) return null;
    return `${address} is a ${range.name} address (${range.cidr})`;
  };

  const checkUrl = (url: string): URL => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OutboundRefusedError('refused: not a valid URL');
    }
    if (!OUTBOUND_PROTOCOLS.includes(target.protocol))
      throw new OutboundRefusedError(`refused: ${target.protocol} URLs are not allowed, only http and https`);
    // The URL parser has already turned odd IPv4 notations (2130706433, 0x7f.1, 127.1) into dotted quads.
    const host = target.hostname.replace(/^\[|\]$/g, '');
    if (host === '') throw new OutboundRefusedError('refused: the URL has no host');
    if (net.isIP(host)) {
      const why = refusal(host);
      if (why) throw new OutboundRefusedError(`refused: ${why}`);
    }
    return target;
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
        const list = found.filter((a) => wanted === 0 || a.family === wanted);
        if (list.length === 0) return callback(dnsError(hostname), []);
        // One refused answer refuses the name: a host that mixes public and private answers is
        // either misconfigured or probing, and trying the public ones first would still leave the rest.
        if (list.some((a) => !allowed(specialRangeOf(a.address), allow)))
          return callback(
            new OutboundRefusedError(
              `refused: ${hostname} resolves to a private or special-purpose address (see WEFT_ALLOW_PRIVATE_TARGETS)`,
            ),
            [],
          );
        if (options.all) return callback(null, list);
        callback(null, list[0]!.address, list[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  };

  return { allow, checkUrl, refusal, lookup };
}

function dnsError(hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  return err;
}
