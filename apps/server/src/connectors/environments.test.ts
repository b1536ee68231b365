import { describe, expect, it } from 'vitest';
import { connectorServes, institutionOpenTo, institutionsIn } from './environments';
import { DEFAULT_CONNECTORS } from './registry';

const ids = (list: readonly { institution_id: string }[]) => list.map((i) => i.institution_id);

describe('environments', () => {
  it('sandbox keys see the simulated banks listed and statement uploads by id', () => {
    const { listed, unlisted } = institutionsIn('sandbox');
    expect(ids(listed)).toContain('ins_109508');
    expect(ids(unlisted)).toEqual(['ins_weft_files']);
  });

  it('production keys see no simulated bank, only real sources', () => {
    const { listed, unlisted } = institutionsIn('production');
    const simulated = new Set(ids(institutionsIn('sandbox').listed));
    // Real sources are Weft's own (`ins_weft_…`): live banks listed, uploads and named servers by id.
    expect([...listed, ...unlisted].filter((i) => simulated.has(i.institution_id))).toEqual([]);
    expect(ids(listed).every((id) => id.startsWith('ins_weft_'))).toBe(true);
    expect(ids(listed)).toEqual(expect.arrayContaining(['ins_weft_ofx_chase', 'ins_weft_ofx_usaa']));
    expect(ids(unlisted)).toEqual(expect.arrayContaining(['ins_weft_files', 'ins_weft_ofx_server']));
  });

  it.each([
    ['ins_109508', 'sandbox', true],
    ['ins_109508', 'production', false],
    ['ins_weft_files', 'sandbox', true],
    ['ins_weft_files', 'production', true],
    ['ins_weft_ofx_chase', 'sandbox', false],
    ['ins_weft_ofx_chase', 'production', true],
    ['ins_nope', 'sandbox', false],
    ['ins_nope', 'production', false],
  ] as const)('%s is open to %s keys: %s', (id, env, open) => {
    expect(institutionOpenTo(id, env)).toBe(open);
  });

  it('every connector serves at least one environment, and only the simulation is sandbox-only', () => {
    for (const c of DEFAULT_CONNECTORS) expect(c.environments.length, c.id).toBeGreaterThan(0);
    expect(DEFAULT_CONNECTORS.filter((c) => !connectorServes(c, 'production')).map((c) => c.id)).toEqual([
      'sandbox',
    ]);
  });
});
