import type { WeftApp, WeftContext } from '../../app-context';
import { errors, PlaidError } from '../../http/errors';
import { requireHttpUrl } from '../../http/url-fields';
import { unrequestableProducts } from '../served-products';
import { windowOption } from '../statements/statements.window';
import { incomeOptionsOf, incomeUserOf } from '../users/link-user';
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
      const refused = unrequestableProducts(initial_products);
      if (refused.length > 0) throw errors.invalidProduct(refused);
      const statements = windowOption('options.statements.', options?.statements);
      requireHttpUrl('options.webhook', options?.webhook);
      const income = incomeOptionsOf(
        await incomeUserOf(ctx.db, client.clientId, {
          products: initial_products,
          user_token: req.body.user_token,
          user_id: req.body.user_id,
          income_verification: options?.income_verification,
        }),
      );
      const connector = ctx.connectors.forInstitution(institution_id);
      // Nobody signs in: a simulated bank links its test user, or the one the overrides name, and
      // that user answers its own challenges; a source that needs a real login refuses.
      const result = await connector.link(
        { kind: 'authorized' },
        {
          institutionId: institution_id,
          username: options?.override_username ?? undefined,
          password: options?.override_password ?? undefined,
        },
      );
      if (result.status === 'error') throw result.error;
      if (result.status === 'mfa')
        throw new PlaidError('INVALID_FIELD', 'this user requires MFA, which only Link can answer');
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
        statements,
        income,
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
