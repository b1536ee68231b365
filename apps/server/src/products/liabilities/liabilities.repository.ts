import { Value } from '@sinclair/typebox/value';
import { LIABILITY_SCHEMAS, type NormalizedLiability } from '../../connectors/liabilities';
import type { Db } from '../../db/schema';
import type { LiabilitiesTable } from '../../db/tables/liabilities';

/** A stored liability, parsed, with the day it stands at. */
export type StoredLiability = NormalizedLiability & { asOf: string };

/** Liabilities of an Item's accounts in the store; every method is scoped by the Item. */
export class LiabilitiesRepository {
  constructor(private readonly db: Db) {}

  /** The Item's liabilities, parsed through their kind's schema; a row that does not match is a broken store. */
  async forItem(itemId: string): Promise<StoredLiability[]> {
    const rows = await this.db.selectFrom('liabilities').selectAll().where('item_id', '=', itemId).execute();
    return rows.map(parseRow);
  }

  /** Replaces the Item's liabilities with `liabilities`, all standing at `asOf`. */
  async replace(
    itemId: string,
    liabilities: readonly NormalizedLiability[],
    asOf: string,
    now: string,
  ): Promise<void> {
    await this.db.deleteFrom('liabilities').where('item_id', '=', itemId).execute();
    if (liabilities.length === 0) return;
    await this.db
      .insertInto('liabilities')
      .values(
        liabilities.map((l) => ({
          account_id: l.accountId,
          item_id: itemId,
          kind: l.kind,
          data: JSON.stringify(l.data),
          as_of: asOf,
          updated_at: now,
        })),
      )
      // Two first reads at once write the same rows; the later write stands.
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet((eb) => ({
          kind: eb.ref('excluded.kind'),
          data: eb.ref('excluded.data'),
          as_of: eb.ref('excluded.as_of'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

function parseRow(row: LiabilitiesTable): StoredLiability {
  const data: unknown = JSON.parse(row.data);
  const base = { accountId: row.account_id, asOf: row.as_of };
  switch (row.kind) {
    case 'credit':
      if (Value.Check(LIABILITY_SCHEMAS.credit, data)) return { ...base, kind: 'credit', data };
      break;
    case 'mortgage':
      if (Value.Check(LIABILITY_SCHEMAS.mortgage, data)) return { ...base, kind: 'mortgage', data };
      break;
    case 'student':
      if (Value.Check(LIABILITY_SCHEMAS.student, data)) return { ...base, kind: 'student', data };
      break;
  }
  throw new Error(`liabilities holds a malformed ${row.kind} row`);
}
