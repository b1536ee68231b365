import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IdentityVerificationSource } from '../../connectors/identity-verification';
import { sandboxIdentityVerification as sandbox } from '../../connectors/sandbox/identity-verification';
import { NO_SOURCE, runDocumentCheck, runKycCheck } from './identity-verification.checks';
import {
  advance,
  DEFAULT_PLAN,
  type IdvUser,
  initialState,
  NO_USER,
  retryPlan,
  type StepPlan,
  sessionStatus,
  type WatchlistScreener,
} from './identity-verification.steps';

const LESLIE: IdvUser = {
  ...NO_USER,
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: {
    street: '123 Main St.',
    street2: null,
    city: 'Pawnee',
    region: 'IN',
    postal_code: '46001',
    country: 'US',
  },
};
const clear: WatchlistScreener = async () => ({ screeningId: 'scr_1', status: 'success' });

describe('kyc_check against the sandbox identity', () => {
  const cases: [string, Partial<IdvUser>, string, Record<string, string>][] = [
    ['the sandbox identity', {}, 'success', { name: 'match', date_of_birth: 'match', address: 'match' }],
    [
      'names in other case, "Street" spelled out',
      {
        name: { given_name: 'LESLIE', family_name: 'knope' },
        address: { ...LESLIE.address!, street: '123 Main Street' },
      },
      'success',
      { name: 'match', address: 'match' },
    ],
    ['another date of birth', { date_of_birth: '1975-01-19' }, 'failed', { date_of_birth: 'no_match' }],
    [
      'only the family name',
      { name: { given_name: 'April', family_name: 'Knope' } },
      'failed',
      { name: 'partial_match' },
    ],
    [
      'another street in the same ZIP',
      { address: { ...LESLIE.address!, street: '9 Elm Rd' } },
      'success',
      { address: 'partial_match' },
    ],
    [
      'another country',
      { address: { ...LESLIE.address!, country: 'CA' } },
      'failed',
      { address: 'no_match' },
    ],
    [
      'a wrong SSN',
      { id_number: { value: '111223333', type: 'us_ssn' } },
      'failed',
      { id_number: 'no_match' },
    ],
    [
      'the other sandbox SSN',
      { id_number: { value: '123456788', type: 'us_ssn' } },
      'success',
      { id_number: 'match' },
    ],
  ];
  for (const [name, change, status, summaries] of cases)
    it(name, () => {
      const r = runKycCheck({ ...LESLIE, ...change }, sandbox);
      expect(r.status).toBe(status);
      for (const [field, summary] of Object.entries(summaries))
        expect((r as unknown as Record<string, { summary: string }>)[field]!.summary).toBe(summary);
    });
});

describe('the steps engine', () => {
  const run = async (
    plan: StepPlan,
    user: IdvUser,
    facts: Partial<Parameters<typeof advance>[3]> = {},
    consent = true,
    screen: WatchlistScreener = clear,
    source: IdentityVerificationSource = sandbox,
  ) => {
    const state = initialState(plan, consent);
    const changed = await advance(
      plan,
      state,
      user,
      { consent, smsCodes: ['11111'], documentCaptured: true, ...facts },
      screen,
      source,
    );
    return { state, changed, status: sessionStatus(plan, state.steps) };
  };

  it('passes the sandbox identity through every step of the default template', async () => {
    const r = await run(DEFAULT_PLAN, LESLIE);
    expect(r.status).toBe('success');
    expect(r.changed).toEqual([
      'verify_sms',
      'kyc_check',
      'documentary_verification',
      'selfie_check',
      'watchlist_screening',
      'risk_check',
    ]);
  });

  it('fails verify_sms after three wrong codes, and stops there', async () => {
    const r = await run(DEFAULT_PLAN, LESLIE, { smsCodes: ['1', '2', '3', '11111'] });
    expect(r.state.steps.verify_sms).toBe('failed');
    expect(r.state.steps.kyc_check).toBe('not_applicable');
    expect(r.status).toBe('failed');
  });

  it('waits for a code, then for data, then for a document', async () => {
    expect((await run(DEFAULT_PLAN, LESLIE, { smsCodes: [] })).state.steps.verify_sms).toBe('active');
    expect((await run(DEFAULT_PLAN, { ...LESLIE, address: null })).state.steps.kyc_check).toBe('active');
    const doc = await run({ ...DEFAULT_PLAN, documentary_verification: 'on' }, LESLIE, {
      documentCaptured: false,
    });
    expect(doc.state.steps.documentary_verification).toBe('active');
    expect(doc.status).toBe('active');
  });

  it('recovers a failed kyc_check with a passing document only when the document is its fallback', async () => {
    const user = { ...LESLIE, address: { ...LESLIE.address!, country: 'CA' } };
    const fallback = await run(DEFAULT_PLAN, user);
    expect(fallback.state.steps.kyc_check).toBe('failed');
    expect(fallback.state.steps.documentary_verification).toBe('success');
    expect(fallback.status).toBe('success');
    const strict = await run({ ...DEFAULT_PLAN, documentary_verification: 'off' }, user);
    expect(strict.status).toBe('failed');
  });

  it('fails the session when Monitor has rejected the user, and holds it for a hit awaiting review', async () => {
    const rejected: WatchlistScreener = async () => ({ screeningId: 'scr_2', status: 'failed' });
    const r = await run(DEFAULT_PLAN, LESLIE, {}, true, rejected);
    expect(r.state.steps.watchlist_screening).toBe('failed');
    expect(r.state.steps.risk_check).toBe('not_applicable');
    expect(r.status).toBe('failed');
    expect(r.state.watchlistScreeningId).toBe('scr_2');
    const held: WatchlistScreener = async () => ({ screeningId: 'scr_3', status: 'pending_review' });
    expect((await run(DEFAULT_PLAN, LESLIE, {}, true, held)).status).toBe('pending_review');
  });

  it('checks against the source it is given: one with no records, documents or SMS fails every check', async () => {
    const sms = await run(DEFAULT_PLAN, LESLIE, { smsCodes: ['11111'] }, true, clear, NO_SOURCE);
    expect(sms.state.steps.verify_sms).toBe('active');
    const kyc = runKycCheck(LESLIE, NO_SOURCE);
    expect(kyc.status).toBe('failed');
    expect(kyc.name.summary).toBe('no_data');
    expect(runKycCheck({ ...LESLIE, name: null }, NO_SOURCE).name.summary).toBe('no_input');
    const doc = runDocumentCheck(LESLIE, NO_SOURCE, 'aW1hZ2U=');
    expect(doc.status).toBe('failed');
    expect(doc.documents[0]!.extracted_data).toBeNull();
    // A source whose records hold someone else: the same user fails there.
    const other: IdentityVerificationSource = {
      ...sandbox,
      checkRecords: (c) => ({ ...sandbox.checkRecords(c), name: 'no_match' }),
      readDocument: (img) => ({ ...sandbox.readDocument(img), authentic: false }),
    };
    expect(runKycCheck(LESLIE, other).status).toBe('failed');
    expect(runDocumentCheck(LESLIE, other, null).documents[0]!.analysis.authenticity).toBe('no_match');
    expect(runDocumentCheck(LESLIE, sandbox, null).status).toBe('success');
  });

  it("keeps the sandbox's people out of the product: who passes lives in the sandbox connector", () => {
    const dir = __dirname;
    const sources = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    expect(sources.length).toBeGreaterThan(5);
    for (const text of sources) {
      expect(text).not.toMatch(/Knope|Pawnee|1975-01-18|123456789/);
      expect(text).not.toMatch(/connectors\/sandbox\//);
    }
  });

  it('marks steps left out by a plan not_applicable or skipped', async () => {
    const plan: StepPlan = { ...DEFAULT_PLAN, verify_sms: 'skipped', risk_check: 'off' };
    const r = await run(plan, LESLIE, { smsCodes: [] });
    expect(r.state.steps.verify_sms).toBe('skipped');
    expect(r.state.steps.risk_check).toBe('not_applicable');
    expect(r.status).toBe('success');
  });

  it('retry plans follow the strategy', () => {
    const prev = {
      status: 'failed' as const,
      steps: {
        ...initialState(DEFAULT_PLAN, true).steps,
        verify_sms: 'success' as const,
        kyc_check: 'failed' as const,
      },
    };
    expect(retryPlan(DEFAULT_PLAN, 'reset', prev, null)).toEqual(DEFAULT_PLAN);
    expect(retryPlan(DEFAULT_PLAN, 'incomplete', prev, null).verify_sms).toBe('skipped');
    expect(retryPlan(DEFAULT_PLAN, 'infer', prev, null).verify_sms).toBe('skipped');
    expect(retryPlan(DEFAULT_PLAN, 'infer', { ...prev, status: 'success' }, null).verify_sms).toBe('on');
    const custom = retryPlan(DEFAULT_PLAN, 'custom', prev, {
      verify_sms: true,
      kyc_check: false,
      documentary_verification: true,
      selfie_check: true,
    });
    expect(custom).toMatchObject({
      verify_sms: 'on',
      kyc_check: 'skipped',
      documentary_verification: 'on',
      selfie_check: 'off',
    });
  });
});
