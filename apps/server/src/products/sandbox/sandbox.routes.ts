import type { WeftApp, WeftContext } from '../../app-context';
import { PlaidError } from '../../http/errors';
import { SandboxPublicTokenCreateBody } from './sandbox.schemas';

/** /sandbox/public_token/create: an Item without Link, as Plaid's sandbox offers. */
export async function sandboxRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  app.post(
    '/sandbox/public_token/create',
    { schema: { body: SandboxPublicTokenCreateBody } },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
      const { institution_id, initial_products, options } = req.body;
      if (initial_products.length === 0)
        throw new PlaidError('INVALID_FIELD', 'initial_products must contain at least one product');
      const connector = ctx.connectors.get('sandbox');
      const result = connector.login({
        institutionId: institution_id,
        username: options?.override_username ?? 'user_good',
        password: options?.override_password ?? 'pass_good',
      });
      if (result.status === 'error') throw result.error;
      if (result.status === 'mfa') {
        // No one is there to answer MFA: complete it the way the sandbox user would.
        throw new PlaidError('INVALID_FIELD', 'users that require MFA can only be linked through Link');
      }
      const created = await ctx.items.createItem({
        clientId: client.clientId,
        env: client.env,
        institutionId: institution_id,
        connector: connector.id,
        login: result.login,
        accounts: result.accounts,
        products: initial_products,
        webhook: options?.webhook ?? null,
        daysRequested: daysRequestedOf(options?.transactions, ctx.clock.now()),
      });
      return { public_token: created.publicToken };
    },
  );
}

/** Days of history a sandbox request asks for: `days_requested`, or the days since `start_date`. */
function daysRequestedOf(
  t: { start_date?: string; days_requested?: number } | null | undefined,
  now: Date,
): number | undefined {
  if (t?.days_requested) return t.days_requested;
  if (!t?.start_date) return undefined;
  const days = Math.ceil((now.getTime() - Date.parse(`${t.start_date}T00:00:00Z`)) / 86_400_000);
  return Number.isFinite(days) ? Math.min(730, Math.max(1, days)) : undefined;
}
