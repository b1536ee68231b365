import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseAndFinish, type LinkApp, pickBank, signIn, startLinkApp } from './link-app';

/** Link's account pane in a real browser for a Liabilities link token with Plaid's account filters. */
describe('Link for liabilities', () => {
  let l: LinkApp;
  beforeAll(async () => {
    l = await startLinkApp();
  }, 180_000);
  afterAll(() => l?.close());

  it('lists only the cards and loans the filters allow, and onSuccess shares them', async () => {
    const token = await l.linkToken({
      products: ['liabilities'],
      account_filters: {
        credit: { account_subtypes: ['credit card', 'paypal'] },
        loan: { account_subtypes: ['student', 'mortgage'] },
      },
    });
    const { page, link, errors } = await l.openLink(token);
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'user_good', 'pass_good');
    await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
    const boxes = link.getByRole('checkbox');
    expect(await boxes.count()).toBe(4);
    for (const name of [
      /^Plaid Credit Card/,
      /^Plaid Student Loan/,
      /^Plaid Mortgage/,
      /^Plaid Business Credit Card/,
    ])
      expect(await link.getByRole('checkbox', { name }).count()).toBe(1);
    expect(await link.getByRole('checkbox', { name: /^Plaid Checking/ }).count()).toBe(0);
    const s = await chooseAndFinish(page, link, 'liabilities-filters');
    expect(s.success?.metadata.accounts.map((a) => a.name).sort()).toEqual([
      'Plaid Business Credit Card',
      'Plaid Credit Card',
      'Plaid Mortgage',
      'Plaid Student Loan',
    ]);
    expect(errors).toEqual([]);
  });
});
