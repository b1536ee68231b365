import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalPersonaConfig } from '../../connectors/sandbox/signal-personas';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { parseSignalCommand, runSignalCommand, type SignalCommand } from './signal.command';
import { signalAdmin } from './signal.routes';

describe('parseSignalCommand', () => {
  it.each([
    [['rulesets', 'list', '--client-id', 'c'], { action: 'rulesets-list', clientId: 'c' }],
    [
      ['rulesets', 'put', '--client-id=c', '--file', 'r.json'],
      { action: 'rulesets-put', clientId: 'c', json: { file: 'r.json' } },
    ],
    [
      ['rulesets', 'put', '--client-id', 'c', '--json', '{}'],
      { action: 'rulesets-put', clientId: 'c', json: { text: '{}' } },
    ],
    [
      ['rulesets', 'delete', '--client-id', 'c', '--key', 'k'],
      { action: 'rulesets-delete', clientId: 'c', key: 'k' },
    ],
    [['report', '--client-id', 'c'], { action: 'report', clientId: 'c' }],
    [
      ['explain', '--client-id', 'c', '--client-transaction-id', 't'],
      { action: 'explain', clientId: 'c', clientTransactionId: 't' },
    ],
    [['simulate-returns', '--client-id', 'c'], { action: 'simulate-returns', clientId: 'c' }],
  ])('signal %j', (args, want) => expect(parseSignalCommand(args)).toEqual(want));

  it.each([
    [[]],
    [['report']],
    [['report', '--client-id']],
    [['report', '--client-id', 'c', '--key', 'k']],
    [['rulesets', 'put', '--client-id', 'c']],
    [['rulesets', 'put', '--client-id', 'c', '--file', 'a', '--json', '{}']],
    [['rulesets', 'delete', '--client-id', 'c']],
    [['rulesets', 'frob', '--client-id', 'c']],
    [['report', '--client-id', 'c', '--client-id', 'd']],
    [['report', '--nope', 'x', '--client-id', 'c']],
  ])('refuses %j', (args) => expect(parseSignalCommand(args)).toBeUndefined());
});

/** `weft signal …` against a real database: rulesets, simulated returns and the calibration report. */
describe('weft signal', () => {
  let w: TestWeft;
  let dir: string;
  beforeAll(async () => {
    w = await createTestWeft();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-signal-cli-'));
  });
  afterAll(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(cmd: SignalCommand) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runSignalCommand(
      cmd,
      signalAdmin(w.ctx),
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, lines: out.map((l) => JSON.parse(l) as Record<string, unknown>), err };
  }

  it('saves, lists and deletes rulesets, one JSON line per result', async () => {
    const clientId = w.clientA.clientId;
    const file = path.join(dir, 'r.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ruleset_key: 'strict',
        fallback: 'REVIEW',
        rules: [{ conditions: [{ field: 'bank_initiated_score', op: '<', value: 10 }], result: 'ACCEPT' }],
      }),
    );
    const saved = await run({ action: 'rulesets-put', clientId, json: { file } });
    expect(saved.code).toBe(0);
    expect(saved.lines).toEqual([
      expect.objectContaining({ status: 'saved', ruleset_key: 'strict', fallback: 'REVIEW' }),
    ]);
    const listed = await run({ action: 'rulesets-list', clientId });
    expect(listed.lines.map((l) => [l.ruleset_key, l.source])).toEqual([
      ['default', 'built-in'],
      ['strict', 'client'],
    ]);
    const deleted = await run({ action: 'rulesets-delete', clientId, key: 'strict' });
    expect(deleted.lines).toEqual([{ status: 'deleted', ruleset_key: 'strict' }]);
  });

  it.each([
    [
      'an invalid ruleset',
      {
        action: 'rulesets-put',
        clientId: 'A',
        json: { text: '{"ruleset_key":"x","rules":[{"result":"NO"}]}' },
      },
      'result',
    ],
    ['text that is not JSON', { action: 'rulesets-put', clientId: 'A', json: { text: '{' } }, 'JSON'],
    [
      'a missing file',
      { action: 'rulesets-put', clientId: 'A', json: { file: '/nonexistent/r.json' } },
      'cannot read',
    ],
    ['an unknown ruleset', { action: 'rulesets-delete', clientId: 'A', key: 'nope' }, 'no ruleset'],
    ['an unknown client', { action: 'report', clientId: 'nobody' }, 'no client'],
    [
      'an unknown evaluation',
      { action: 'explain', clientId: 'A', clientTransactionId: 'nope' },
      'no evaluation',
    ],
  ] as const)('exits 1 on %s', async (_, cmd, message) => {
    const r = await run({
      ...cmd,
      clientId: cmd.clientId === 'A' ? w.clientA.clientId : cmd.clientId,
    } as SignalCommand);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([]);
    expect(r.err.join('\n')).toContain(message);
  });

  it('simulates returns at the predicted rates and reports score bands against observed returns', async () => {
    const clientId = w.clientB.clientId;
    const today = w.ctx.clock.now().toISOString().slice(0, 10);
    const personas = ['stable', 'overdrawn', 'closed'] as const;
    let n = 0;
    for (const persona of personas) {
      const { accessToken } = await createItem(w, w.clientB, {
        initial_products: ['signal'],
        options: {
          override_username: 'user_custom',
          override_password: JSON.stringify(signalPersonaConfig(persona, today)),
        },
      });
      const accounts = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
        ...auth(w.clientB),
        access_token: accessToken,
      });
      for (let i = 0; i < 20; i++) {
        const client_transaction_id = `${persona}-${n++}`;
        const r = await post(w, '/signal/evaluate', {
          ...auth(w.clientB),
          access_token: accessToken,
          account_id: accounts.body.accounts[0]!.account_id,
          client_transaction_id,
          amount: 40,
        });
        expect(r.status).toBe(200);
        // The app went ahead with every payment, whatever the ruleset said.
        await post(w, '/signal/decision/report', {
          ...auth(w.clientB),
          client_transaction_id,
          initiated: true,
        });
      }
    }
    const sim = await run({ action: 'simulate-returns', clientId });
    expect(sim.code).toBe(0);
    expect(sim.lines[0]).toMatchObject({ initiated: 60 });
    const returned = sim.lines[0]!.returned as number;
    // Closed accounts come back nearly always, stable ones almost never.
    expect(returned).toBeGreaterThanOrEqual(20);
    expect(returned).toBeLessThanOrEqual(45);
    // Simulated once: a payment that has a return is not drawn again.
    expect((await run({ action: 'simulate-returns', clientId })).lines[0]).toMatchObject({
      initiated: 60 - returned,
    });

    const report = await run({ action: 'report', clientId });
    expect(report.code).toBe(0);
    expect(report.lines).toHaveLength(20);
    const bank = report.lines.filter((l) => l.kind === 'bank_initiated');
    const low = bank.find((l) => l.band === '1-10')!;
    const high = bank.find((l) => l.band === '91-99')!;
    expect(low.initiated).toBe(20);
    expect(low.observed_return_rate).toBeLessThan(0.2);
    expect(high.initiated).toBeGreaterThanOrEqual(20);
    expect(high.observed_return_rate as number).toBeGreaterThan(0.5);
    expect(high.mean_predicted_probability as number).toBeGreaterThan(
      low.mean_predicted_probability as number,
    );

    const production = await w.ctx.clients.create('live', 'production');
    const refused = await run({ action: 'simulate-returns', clientId: production.clientId });
    expect(refused.code).toBe(1);
    expect(refused.err.join()).toContain('sandbox');
  });
});
