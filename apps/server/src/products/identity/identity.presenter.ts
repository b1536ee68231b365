import type {
  AccountIdentity,
  AccountIdentityMatchScore,
  Email,
  IdentityGetResponse,
  IdentityMatchResponse,
  Owner,
  PhoneNumber,
} from 'plaid';
import type { ItemsTable } from '../../db/tables/core';
import type { OwnerData } from '../../engines/identity/personas.data';
import type { Reply } from '../../http/reply';
import { presentAccount } from '../accounts/accounts.presenter';
import { presentItem } from '../items/items.presenter';
import type { OwnedAccount, ScoredAccount } from './identity.service';

/** One owner, field by field. */
function presentOwner(o: OwnerData): Owner {
  return {
    names: [...o.names],
    phone_numbers: o.phone_numbers.map((p) => ({
      data: p.data,
      primary: p.primary,
      type: p.type as PhoneNumber['type'],
    })),
    emails: o.emails.map((e) => ({ data: e.data, primary: e.primary, type: e.type as Email['type'] })),
    addresses: o.addresses.map((a) => ({
      data: {
        city: a.data.city,
        region: a.data.region,
        street: a.data.street,
        postal_code: a.data.postal_code,
        country: a.data.country,
      },
      primary: a.primary,
    })),
  };
}

/**
 * An account as the base of an identity row. The SDK declares the verification-status enum once
 * per account shape; the values are the same strings, so the base account's value carries over.
 */
function accountBase<T extends { verification_status?: unknown }>(account: OwnedAccount['account']) {
  const { verification_status, ...base } = presentAccount(account);
  return {
    ...base,
    ...(verification_status ? { verification_status: verification_status as T['verification_status'] } : {}),
  };
}

/** /identity/get response. */
export function presentIdentity(item: ItemsTable, accounts: OwnedAccount[]) {
  return {
    accounts: accounts.map(
      ({ account, owners }) =>
        ({
          ...accountBase<AccountIdentity>(account),
          owners: owners.map(presentOwner),
        }) satisfies AccountIdentity,
    ),
    item: presentItem(item),
  } satisfies Reply<IdentityGetResponse>;
}

/** /identity/match response. */
export function presentIdentityMatch(item: ItemsTable, accounts: ScoredAccount[]) {
  return {
    accounts: accounts.map(
      ({ account, scores }) =>
        ({
          ...accountBase<AccountIdentityMatchScore>(account),
          legal_name: {
            score: scores.legal_name.score,
            is_first_name_or_last_name_match: scores.legal_name.is_first_name_or_last_name_match,
            is_nickname_match: scores.legal_name.is_nickname_match,
            is_business_name_detected: scores.legal_name.is_business_name_detected,
          },
          phone_number: { score: scores.phone_number.score },
          email_address: { score: scores.email_address.score },
          address: { score: scores.address.score, is_postal_code_match: scores.address.is_postal_code_match },
        }) satisfies AccountIdentityMatchScore,
    ),
    item: presentItem(item),
  } satisfies Reply<IdentityMatchResponse>;
}
