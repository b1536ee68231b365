import { describe, expect, it } from 'vitest';
import type { NormalizedAccount } from '../../connectors/connector';
import type { LinkTokenConfig } from '../link/link.service';
import {
  accountSelectMode,
  eligibleAccounts,
  eventRecord,
  exitStatus,
  noEligibleAccounts,
  type SessionState,
} from './link-session.rules';

const base: LinkTokenConfig = {
  client_name: 'App',
  language: 'en',
  country_codes: ['US'],
  user: { client_user_id: 'u' },
  products: ['transactions'],
};

function account(type: string, subtype: string | null): NormalizedAccount {
  return {
    key: `${type}-${subtype}`,
    name: `${type} ${subtype}`,
    officialName: null,
    mask: '0000',
    type,
    subtype,
    current: 100,
    available: 100,
    limit: null,
    currency: 'USD',
  };
}

const accounts = [
  account('depository', 'checking'),
  account('depository', 'savings'),
  account('credit', 'credit card'),
  account('loan', 'student'),
  account('investment', null),
];

describe('eligibleAccounts', () => {
  it.each([
    ['no filters: everything', undefined, accounts.map((a) => a.key)],
    ['depository checking only', { depository: { account_subtypes: ['checking'] } }, ['depository-checking']],
    [
      'all subtypes of two types',
      { depository: { account_subtypes: ['all'] }, credit: { account_subtypes: ['all'] } },
      ['depository-checking', 'depository-savings', 'credit-credit card'],
    ],
    ['a type with no matching subtype', { loan: { account_subtypes: ['mortgage'] } }, []],
    ['null subtypes only pass with all', { investment: { account_subtypes: ['ira'] } }, []],
  ])('%s', (_name, filters, expected) => {
    const config = { ...base, ...(filters ? { account_filters: filters } : {}) } as LinkTokenConfig;
    expect(eligibleAccounts(config, accounts).map((a) => a.key)).toEqual(expected);
  });

  it('keeps only checking and savings when auth is a product and the token has no filters', () => {
    const authToken = { ...base, products: ['auth', 'liabilities'] } as LinkTokenConfig;
    expect(eligibleAccounts(authToken, accounts).map((a) => a.key)).toEqual([
      'depository-checking',
      'depository-savings',
    ]);
    const filtered = {
      ...authToken,
      account_filters: { loan: { account_subtypes: ['student'] } },
    } as LinkTokenConfig;
    expect(eligibleAccounts(filtered, accounts).map((a) => a.key)).toEqual(['loan-student']);
    const ifSupported = { ...base, required_if_supported_products: ['auth'] } as LinkTokenConfig;
    expect(eligibleAccounts(ifSupported, accounts)).toHaveLength(accounts.length);
  });

  it('names why nothing is eligible: the filters, or Auth', () => {
    expect(noEligibleAccounts({ ...base, products: ['auth'] } as LinkTokenConfig).code).toBe(
      'NO_AUTH_ACCOUNTS',
    );
    const filtered = {
      ...base,
      account_filters: { loan: { account_subtypes: ['student'] } },
    } as LinkTokenConfig;
    expect(noEligibleAccounts(filtered).code).toBe('NO_ACCOUNTS');
  });
});

describe('accountSelectMode', () => {
  it.each([
    [undefined, 'multi'],
    ['default', 'multi'],
    ['account_select_single', 'single'],
    ['account_select_all', 'all'],
  ] as const)('%s → %s', (name, mode) => {
    expect(accountSelectMode({ ...base, link_customization_name: name })).toBe(mode);
  });
});

describe('exitStatus', () => {
  it.each([
    ['institution', {}, 'institution_not_found'],
    ['credentials', {}, 'requires_credentials'],
    ['mfa', { challenge: { type: 'device', message: 'code' } }, 'requires_code'],
    ['mfa', { challenge: { type: 'questions', questions: ['q'] } }, 'requires_questions'],
    ['mfa', { challenge: { type: 'selections', selections: [] } }, 'requires_selections'],
    ['oauth', {}, 'requires_oauth'],
    ['select_account', {}, 'requires_account_selection'],
    ['done', {}, null],
  ] as const)('%s %j → %s', (step, state, status) => {
    expect(exitStatus(step, state as SessionState)).toBe(status);
  });
});

describe('eventRecord', () => {
  it("keeps only Plaid's metadata fields, as strings (truncated); stamps id and time", () => {
    const r = eventRecord(
      {
        event_name: 'SEARCH_INSTITUTION',
        metadata: {
          institution_search_query: 'x'.repeat(500),
          view_name: 'SELECT_INSTITUTION',
          is_update_mode: false,
          error_code: null,
          injected: 'anything',
        },
      },
      '2026-11-28T00:00:00.000Z',
    );
    expect(r.event_name).toBe('SEARCH_INSTITUTION');
    expect(r.timestamp).toBe('2026-11-28T00:00:00.000Z');
    expect(r.event_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(r.event_metadata)).toEqual(['institution_search_query', 'view_name']);
    expect(r.event_metadata.institution_search_query).toHaveLength(200);
  });
});
