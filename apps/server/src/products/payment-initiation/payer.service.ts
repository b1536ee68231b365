import type { WeftContext } from '../../app-context';
import { findInstitution } from '../../connectors/institutions';
import { errors, PlaidError } from '../../http/errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { PayerRepository } from './payer.repository';
import type { Payer } from './payment-lifecycle.service';

/**
 * Finds the account a payment authorised at `institutionId` is paid from: the client's newest
 * healthy Item at that bank (so an app that linked the payer sees the debit with its own access
 * token), otherwise a new Item for the simulated bank's own test user. The account is the first depository account
 * in the payment's currency, else the first depository account.
 */
export async function resolvePayer(
  ctx: WeftContext,
  clientId: string,
  env: 'sandbox' | 'production',
  institutionId: string,
  currency: string,
): Promise<Payer> {
  const institution = findInstitution(institutionId);
  if (!institution) throw errors.invalidInstitution();
  if (!institution.products.includes('payment_initiation'))
    throw new PlaidError('INSTITUTION_NO_LONGER_SUPPORTED', `${institution.name} does not support payments`, {
      type: 'INSTITUTION_ERROR',
    });
  let itemId = (await new PayerRepository(ctx.db, ctx.dialect).latestItemAt(clientId, institutionId, env))
    ?.item_id;
  if (!itemId) {
    const connector = ctx.connectors.forInstitution(institutionId);
    // The payer authorises at the bank itself: the source links whom the bank signed in.
    const login = await connector.link({ kind: 'authorized' }, { institutionId });
    if (login.status !== 'linked') throw login.status === 'error' ? login.error : errors.internal();
    const created = await ctx.items.createItem({
      clientId,
      env,
      institutionId,
      connector: connector.id,
      login: login.login,
      accounts: login.accounts,
      products: ['payment_initiation'],
      webhook: null,
    });
    itemId = created.item.item_id;
  }
  const accounts = (await new AccountsRepository(ctx.db).list(itemId)).filter((a) => a.type === 'depository');
  const account = accounts.find((a) => a.iso_currency_code === currency) ?? accounts[0];
  if (!account) throw new PlaidError('NO_ACCOUNTS', 'the payer has no account a payment can be made from');
  return { itemId, accountId: account.account_id, institutionId };
}
