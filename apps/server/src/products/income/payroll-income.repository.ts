import { Value } from '@sinclair/typebox/value';
import { type NormalizedPayroll, PayrollSchema } from '../../connectors/payroll';
import type { Db } from '../../db/schema';
import type { UsersTable } from '../../db/tables/income';

/** A payroll Item's stored payroll. */
export interface StoredPayroll {
  itemId: string;
  institutionId: string;
  asOf: string;
  updatedAt: string;
  data: NormalizedPayroll;
}

/** Payroll of payroll Items; reads are scoped by the (client's) user whose Items they are. */
export class PayrollIncomeRepository {
  constructor(private readonly db: Db) {}

  /** Writes (or replaces) an Item's payroll. */
  async write(itemId: string, data: NormalizedPayroll, asOf: string, now: string): Promise<void> {
    await this.db
      .insertInto('payroll_items')
      .values({ item_id: itemId, data: JSON.stringify(data), as_of: asOf, updated_at: now })
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet((eb) => ({
          data: eb.ref('excluded.data'),
          as_of: eb.ref('excluded.as_of'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** The payroll stored for one Item (its creation wrote it), if any. */
  async forItem(itemId: string): Promise<NormalizedPayroll | null> {
    const row = await this.db
      .selectFrom('payroll_items')
      .select('data')
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return row ? parsePayroll(row.data) : null;
  }

  /** The payroll of every payroll Item of the user, oldest link first. */
  async forUser(user: UsersTable): Promise<StoredPayroll[]> {
    const rows = await this.db
      .selectFrom('payroll_items')
      .innerJoin('user_items', 'user_items.item_id', 'payroll_items.item_id')
      .innerJoin('users', 'users.user_id', 'user_items.user_id')
      .innerJoin('items', 'items.item_id', 'payroll_items.item_id')
      .select([
        'payroll_items.item_id',
        'payroll_items.data',
        'payroll_items.as_of',
        'payroll_items.updated_at',
        'items.institution_id',
      ])
      .where('users.client_id', '=', user.client_id)
      .where('items.client_id', '=', user.client_id)
      .where('user_items.user_id', '=', user.user_id)
      .orderBy('user_items.created_at')
      .orderBy('payroll_items.item_id')
      .execute();
    return rows.map((r) => ({
      itemId: r.item_id,
      institutionId: r.institution_id,
      asOf: r.as_of,
      updatedAt: r.updated_at,
      data: parsePayroll(r.data),
    }));
  }
}

/** A stored payroll read through its schema; one that does not match is a broken store. */
function parsePayroll(json: string): NormalizedPayroll {
  const data: unknown = JSON.parse(json);
  if (!Value.Check(PayrollSchema, data)) throw new Error('payroll_items holds a malformed payroll');
  return data;
}
