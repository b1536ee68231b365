import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(__dirname, '../../main.ts');

/** `weft signal …` as a script runs it: its own process and database, JSON lines, exit codes. */
describe('weft signal, run as a command', () => {
  let dir: string;
  let clientId: string;
  const weft = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, WEFT_DATA_DIR: dir, DATABASE_URL: `sqlite:${path.join(dir, 'weft.sqlite')}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { code: r.status, out: r.stdout.trim().split('\n').filter(Boolean), err: r.stderr };
  };

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-signal-cmd-'));
    const created = weft('keys', 'create', 'signal-cli');
    expect(created.code, created.err).toBe(0);
    clientId = /client_id: (\S+)/.exec(created.out.join('\n'))![1]!;
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('puts and lists rulesets, one JSON line each, exit 0', () => {
    const ruleset = {
      ruleset_key: 'cli',
      rules: [{ conditions: [{ field: 'amount', op: '>', value: 500 }], result: 'REVIEW' }],
    };
    const put = weft('signal', 'rulesets', 'put', '--client-id', clientId, '--json', JSON.stringify(ruleset));
    expect(put.code, put.err).toBe(0);
    expect(JSON.parse(put.out[0]!)).toMatchObject({ status: 'saved', ruleset_key: 'cli' });
    const list = weft('signal', 'rulesets', 'list', '--client-id', clientId);
    expect(list.code).toBe(0);
    expect(list.out.map((l) => (JSON.parse(l) as { ruleset_key: string }).ruleset_key)).toEqual([
      'default',
      'cli',
    ]);
    const report = weft('signal', 'report', '--client-id', clientId);
    expect(report.code).toBe(0);
    expect(report.out).toHaveLength(20);
  }, 120_000);

  it('exits 1 with a JSON error when refused, 2 with the usage on bad arguments', () => {
    const refused = weft('signal', 'rulesets', 'delete', '--client-id', clientId, '--key', 'nope');
    expect(refused.code).toBe(1);
    expect(refused.out).toEqual([]);
    expect(JSON.parse(refused.err.trim().split('\n').at(-1)!)).toEqual({
      error: `client ${clientId} has no ruleset "nope"`,
    });
    const usage = weft('signal', 'report');
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('usage: weft signal');
  }, 120_000);
});
