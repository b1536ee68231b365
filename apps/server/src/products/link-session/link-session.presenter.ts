import type { NormalizedAccount } from '../../connectors/connector';
import type { Institution as ConnectorInstitution } from '../../connectors/institution';
import type { AccountsTable } from '../../db/tables/core';
import { toDecimal } from '../../lib/money';
import type {
  LinkAccountChoice,
  LinkAmount,
  LinkInstitution,
  LinkSuccessMetadata,
} from './link-session.contract';

/** An institution as Link shows it (a whitelist: no products or routing numbers). */
export function presentInstitution(i: ConnectorInstitution): LinkInstitution {
  return {
    institution_id: i.institution_id,
    name: i.name,
    oauth: i.oauth,
    primary_color: i.primary_color,
    logo: i.logo || null,
    url: i.url,
    ...(i.credentials ? { credentials: i.credentials } : {}),
  };
}

/** A connector account offered for selection, keyed by its stable key until the Item exists. */
export function presentChoice(a: NormalizedAccount): LinkAccountChoice {
  return {
    id: a.key,
    name: a.name,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    balance: money(a.current, a.currency),
  };
}

/** A stored account offered for selection (update mode). */
export function presentStoredChoice(a: AccountsTable): LinkAccountChoice {
  return {
    id: a.account_id,
    name: a.name,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    balance: money(a.balance_current, a.iso_currency_code),
  };
}

/** Plaid's onSuccess metadata for the accounts the user shared. */
export function presentSuccessMetadata(
  linkSessionId: string,
  publicToken: string,
  institution: ConnectorInstitution | null,
  accounts: AccountsTable[],
): LinkSuccessMetadata {
  return {
    institution: institution ? { name: institution.name, institution_id: institution.institution_id } : null,
    accounts: accounts.map((a) => ({
      id: a.account_id,
      name: a.name,
      mask: a.mask,
      type: a.type,
      subtype: a.subtype,
      verification_status: a.verification_status,
    })),
    link_session_id: linkSessionId,
    transfer_status: null,
    public_token: publicToken,
  };
}

/** Minor units as Link's amount; Link formats it for the user's language. */
function money(minor: number | null, currency: string): LinkAmount | null {
  return minor === null ? null : { value: toDecimal(minor, currency), currency };
}
