import type { AccountNumbersTable } from '../../db/tables/account-data';
import type { AccountNumbers } from '../../engines/bank-numbers/bank-numbers';

/**
 * Stored numbers in Auth's schemes. A connector's row holds each scheme as it gave it: ACH with a
 * routing number, EFT with an institution and branch, BACS with a sort code, international with
 * an IBAN. A row a source stated (OFX BANKID/ACCTID, an IBAN and BIC) is read as Auth would: ACH
 * needs a routing and an account number; an IBAN gives the international scheme, and a UK IBAN
 * also BACS (its sort code and account number are inside it). Null when they allow no transfer.
 */
export function storedNumbers(row: AccountNumbersTable): AccountNumbers | null {
  const out: AccountNumbers = {};
  if (row.routing && row.account)
    out.ach = { account: row.account, routing: row.routing, wire_routing: row.wire_routing };
  if (row.eft_institution && row.eft_branch && row.account)
    out.eft = { account: row.account, institution: row.eft_institution, branch: row.eft_branch };
  if (row.bacs_sort_code && row.account) out.bacs = { account: row.account, sort_code: row.bacs_sort_code };
  const iban = row.origin === 'stated' ? row.iban?.replace(/\s+/g, '').toUpperCase() : row.iban;
  if (iban) {
    // Plaid's schema requires a BIC; a statement may state only the IBAN.
    out.international = { iban, bic: row.bic ?? '' };
    if (row.origin === 'stated' && /^GB\d{2}[A-Z]{4}\d{14}$/.test(iban))
      out.bacs = { account: iban.slice(14), sort_code: iban.slice(8, 14) };
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** A connector's numbers as a row of the store (the inverse of `storedNumbers` for that origin). */
export function connectorNumbersRow(
  accountId: string,
  itemId: string,
  n: AccountNumbers,
  now: string,
): AccountNumbersTable {
  return {
    account_id: accountId,
    item_id: itemId,
    origin: 'connector',
    account: n.ach?.account ?? n.eft?.account ?? n.bacs?.account ?? null,
    routing: n.ach?.routing ?? null,
    wire_routing: n.ach?.wire_routing ?? null,
    branch: null,
    eft_institution: n.eft?.institution ?? null,
    eft_branch: n.eft?.branch ?? null,
    bacs_sort_code: n.bacs?.sort_code ?? null,
    iban: n.international?.iban ?? null,
    bic: n.international?.bic ?? null,
    updated_at: now,
  };
}
