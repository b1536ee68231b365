import type { FastifyRequest } from 'fastify';
import type { AuthenticatedClient } from './client-auth';
import { PlaidError } from './errors';

/** Paths only sandbox keys may call: Plaid's `/sandbox/*` and Weft's own `/weft/sandbox/*`. */
export function isSandboxOnlyPath(url: string): boolean {
  return url.startsWith('/sandbox/') || url.startsWith('/weft/sandbox/');
}

/**
 * A route hook refusing production keys on sandbox-only paths before their bodies are validated
 * (Plaid's production has no such endpoints, so what was sent does not matter): Plaid answers with
 * INVALID_REQUEST/SANDBOX_ONLY, HTTP 400, "access to this endpoint is only available in the
 * sandbox environment". One hook for every such path, so a sandbox route added later cannot
 * forget the check.
 */
export function sandboxOnly(
  authenticate: (req: FastifyRequest) => Promise<AuthenticatedClient>,
): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    const client = await authenticate(req);
    if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
  };
}
