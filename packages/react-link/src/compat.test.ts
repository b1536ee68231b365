import { describe, expect, it } from 'vitest';
import * as weft from './index';

/** What react-plaid-link exports that Weft has no counterpart for (Weft has no embedded Link). */
const NOT_PROVIDED = ['PlaidEmbeddedLink', 'default'];

describe('@weft/react-link as an alias for react-plaid-link', () => {
  it('exports every value react-plaid-link exports (but embedded Link), so aliased imports resolve', async () => {
    const real = await import('react-plaid-link');
    const wanted = Object.keys(real).filter((k) => !NOT_PROVIDED.includes(k) && k !== '__esModule');
    expect(wanted).toEqual(expect.arrayContaining(['usePlaidLink', 'PlaidLink', 'PlaidLinkStableEvent']));
    for (const name of wanted) expect(weft, name).toHaveProperty(name);
    expect(typeof weft.usePlaidLink).toBe('function');
    expect(typeof weft.PlaidLink).toBe('function');
  });

  it('has the same stable event names', async () => {
    const real = await import('react-plaid-link');
    expect({ ...weft.PlaidLinkStableEvent }).toEqual({ ...real.PlaidLinkStableEvent });
  });
});
