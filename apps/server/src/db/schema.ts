import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './tables/core';
import type { LinkSessionTables } from './tables/link-session';
import type { PaymentTables } from './tables/payments';
import type { TransactionsTables } from './tables/transactions';
import type { WebhookTables } from './tables/webhooks';

/** The whole database: one interface per feature, merged here. */
export interface Database
  extends CoreTables,
    LinkSessionTables,
    PaymentTables,
    TransactionsTables,
    WebhookTables {}

/** A database handle or an open transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
