import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Db } from '../../db/schema';
import type { AccountOwnersTable } from '../../db/tables/account-data';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { AccountNumbers } from '../../engines/bank-numbers/bank-numbers';
import type { OwnerData } from '../../engines/identity/personas.data';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountNumbersRepository } from '../auth/account-numbers.repository';
import { connectorNumbersRow, storedNumbers } from '../auth/stored-numbers';
import { linkedSourceOf } from './item-login';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** Plaid's Owner object as the store keeps it (`OwnerData`). */
const OwnerSchema = Type.Object({
  names: Type.Array(Type.String()),
  phone_numbers: Type.Array(
    Type.Object({
      data: Type.String(),
      primary: Type.Boolean(),
      type: Type.Union(
        (['home', 'work', 'office', 'mobile', 'mobile1', 'other'] as const).map((t) => Type.Literal(t)),
      ),
    }),
  ),
  emails: Type.Array(
    Type.Object({
      data: Type.String(),
      primary: Type.Boolean(),
      type: Type.Union((['primary', 'secondary', 'other'] as const).map((t) => Type.Literal(t))),
    }),
  ),
  addresses: Type.Array(
    Type.Object({
      data: Type.Object({
        city: NullableString,
        region: NullableString,
        street: Type.String(),
        postal_code: NullableString,
        country: NullableString,
      }),
      primary: Type.Boolean(),
    }),
  ),
});
const OwnersSchema = Type.Array(OwnerSchema);

// The schema and the engine's type must describe the same data.
const _sameShape: (o: Static<typeof OwnerSchema>) => OwnerData = (o) => o;
void _sameShape;

/** Stored owners read through their schema; a row that does not match it is a broken store. */
export function parseOwners(json: string): OwnerData[] {
  const value: unknown = JSON.parse(json);
  if (!Value.Check(OwnersSchema, value)) throw new Error('account_owners holds a malformed owner list');
  return value;
}

/**
 * Account numbers and owners in the store, for Auth and Identity. The Item's connector gives them
 * once per account, when the account is written (Item creation) or, for an account the store has
 * none of yet (Items made before the store kept them), on the first read; products read only this.
 */
export class AccountDetailsStore {
  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the connector's numbers and owners of the Item's accounts the store has none of. A
   * source's stated numbers are kept (they win over derived ones). All the Item's accounts are
   * described together, in the store's order, since a source may derive them from the whole login.
   */
  async ensure(item: ItemsTable): Promise<void> {
    const ownerRows = await this.ownerRows(item.item_id);
    const accounts = await new AccountsRepository(this.db).listAll(item.item_id);
    const missing = accounts.filter((a) => !ownerRows.has(a.account_id));
    if (missing.length === 0) return;
    const details = await this.connectors.get(item.connector).details(
      linkedSourceOf(item),
      accounts.map((a) => ({ ...a, currency: a.iso_currency_code })),
    );
    const numbersRepo = new AccountNumbersRepository(this.db);
    const stated = await numbersRepo.forItem(item.item_id);
    const now = this.clock.now().toISOString();
    const owners: AccountOwnersTable[] = [];
    for (const [i, account] of accounts.entries()) {
      if (ownerRows.has(account.account_id)) continue;
      const d = details[i];
      owners.push({
        account_id: account.account_id,
        item_id: item.item_id,
        owners: JSON.stringify(d?.owners ?? []),
        updated_at: now,
      });
      if (d?.numbers && !stated.has(account.account_id))
        await numbersRepo.insertIfAbsent(
          connectorNumbersRow(account.account_id, item.item_id, d.numbers, now),
        );
    }
    // Two first reads at once write the same rows; whichever lands first stands.
    await this.db
      .insertInto('account_owners')
      .values(owners)
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }

  /** Numbers of each account (null where none allow a transfer), in the order given. */
  async numbers(item: ItemsTable, accounts: readonly AccountsTable[]): Promise<(AccountNumbers | null)[]> {
    await this.ensure(item);
    const rows = await new AccountNumbersRepository(this.db).forItem(item.item_id);
    return accounts.map((a) => {
      const row = rows.get(a.account_id);
      // A statement states numbers of any account; only a depository one moves money by them.
      if (!row || (row.origin === 'stated' && a.type !== 'depository')) return null;
      return storedNumbers(row);
    });
  }

  /** Owners of each account (empty where the source knows none), in the order given. */
  async owners(item: ItemsTable, accounts: readonly AccountsTable[]): Promise<OwnerData[][]> {
    await this.ensure(item);
    const rows = await this.ownerRows(item.item_id);
    return accounts.map((a) => {
      const row = rows.get(a.account_id);
      return row ? parseOwners(row.owners) : [];
    });
  }

  private async ownerRows(itemId: string): Promise<Map<string, AccountOwnersTable>> {
    const rows = await this.db
      .selectFrom('account_owners')
      .selectAll()
      .where('item_id', '=', itemId)
      .execute();
    return new Map(rows.map((r) => [r.account_id, r]));
  }
}
