import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AuthenticatedClient } from '../../http/client-auth';
import { PlaidError } from '../../http/errors';
import { requireHttpUrl } from '../../http/url-fields';
import type { Clock } from '../../lib/clock';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { ItemsRepository } from '../items/items.repository';
import { UsersRepository } from '../users/users.repository';
import type { SandboxIncomeFireWebhookBody } from './income.schemas';

/**
 * /sandbox/income/fire_webhook: an INCOME webhook about one of the client's income Items, sent
 * through the outbox to the URL the request gives (as Plaid sends it there).
 */
export async function fireIncomeWebhook(
  db: Kysely<Database>,
  clock: Clock,
  client: AuthenticatedClient,
  body: SandboxIncomeFireWebhookBody,
): Promise<void> {
  if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
  requireHttpUrl('webhook', body.webhook);
  const item = await new ItemsRepository(db).find(client.clientId, body.item_id);
  const link = item ? await new UsersRepository(db).itemLink(client.clientId, item.item_id) : undefined;
  if (!item || !link)
    throw new PlaidError('INVALID_FIELD', 'item_id does not identify an income Item of this client');
  if (body.user_id !== undefined && body.user_id !== link.user_id)
    throw new PlaidError('INVALID_FIELD', 'user_id is not the user of this Item');
  const payload =
    body.webhook_code === 'INCOME_VERIFICATION'
      ? {
          item_id: item.item_id,
          user_id: link.user_id,
          verification_status: body.verification_status ?? 'VERIFICATION_STATUS_PROCESSING_COMPLETE',
          environment: item.env,
        }
      : {
          item_id: item.item_id,
          user_id: link.user_id,
          risk_signals_status: 'RISK_SIGNALS_PROCESSING_COMPLETE',
          environment: item.env,
        };
  await new OutboxRepository(db).enqueue(
    {
      clientId: client.clientId,
      itemId: null,
      webhookType: 'INCOME',
      webhookCode: body.webhook_code,
      payload,
      url: body.webhook,
    },
    clock.now().toISOString(),
  );
}
