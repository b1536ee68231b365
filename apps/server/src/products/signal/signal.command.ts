import fs from 'node:fs';
import { build } from '../../app';
import type { Config } from '../../config';
import { signalAdmin } from './signal.routes';
import { SignalAdminError, type SignalAdminService } from './signal-admin.service';

/** `weft signal …`, as parsed. */
export type SignalCommand =
  | { action: 'rulesets-list'; clientId: string }
  | { action: 'rulesets-put'; clientId: string; json: { file: string } | { text: string } }
  | { action: 'rulesets-delete'; clientId: string; key: string }
  | { action: 'report'; clientId: string }
  | { action: 'explain'; clientId: string; clientTransactionId: string }
  | { action: 'simulate-returns'; clientId: string };

/** What `weft signal` prints when its arguments make no sense. */
export const SIGNAL_USAGE = [
  'usage: weft signal rulesets list --client-id ID',
  '       weft signal rulesets put --client-id ID (--file RULESET.json | --json \'{"ruleset_key": …}\')',
  '       weft signal rulesets delete --client-id ID --key RULESET_KEY',
  '       weft signal report --client-id ID             (calibration: score band against returns)',
  '       weft signal explain --client-id ID --client-transaction-id TXN',
  '       weft signal simulate-returns --client-id ID   (sandbox clients)',
  '  one JSON line per result; exit 1 when refused, 2 on bad arguments',
].join('\n');

const FLAGS = new Set(['--client-id', '--file', '--json', '--key', '--client-transaction-id']);

/** Parses the arguments after `signal`; undefined when they are not a command (print the usage). */
export function parseSignalCommand(args: readonly string[]): SignalCommand | undefined {
  const words: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      words.push(arg);
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? args[++i];
    if (!FLAGS.has(flag) || !value || flags.has(flag)) return undefined;
    flags.set(flag, value);
  }
  const clientId = flags.get('--client-id');
  if (!clientId) return undefined;
  const allowed = (...names: string[]) =>
    [...flags.keys()].every((f) => f === '--client-id' || names.includes(f));
  const verb = words.join(' ');
  if (verb === 'rulesets list' && allowed()) return { action: 'rulesets-list', clientId };
  if (verb === 'rulesets put' && allowed('--file', '--json')) {
    const file = flags.get('--file');
    const text = flags.get('--json');
    if ((file === undefined) === (text === undefined)) return undefined;
    return { action: 'rulesets-put', clientId, json: file !== undefined ? { file } : { text: text! } };
  }
  const key = flags.get('--key');
  if (verb === 'rulesets delete' && key && allowed('--key'))
    return { action: 'rulesets-delete', clientId, key };
  if (verb === 'report' && allowed()) return { action: 'report', clientId };
  const txn = flags.get('--client-transaction-id');
  if (verb === 'explain' && txn && allowed('--client-transaction-id'))
    return { action: 'explain', clientId, clientTransactionId: txn };
  if (verb === 'simulate-returns' && allowed()) return { action: 'simulate-returns', clientId };
  return undefined;
}

/**
 * Runs a parsed command, writing one JSON line per result to `out` and refusals to `err`.
 * Returns the exit code: 0, or 1 when refused.
 */
export async function runSignalCommand(
  cmd: SignalCommand,
  admin: SignalAdminService,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const print = (value: unknown) => out(JSON.stringify(value));
  try {
    switch (cmd.action) {
      case 'rulesets-list':
        for (const r of await admin.listRulesets(cmd.clientId)) print(r);
        return 0;
      case 'rulesets-put': {
        const text = 'file' in cmd.json ? readFile(cmd.json.file) : cmd.json.text;
        const saved = await admin.putRuleset(cmd.clientId, text);
        print({ status: 'saved', ...saved });
        return 0;
      }
      case 'rulesets-delete':
        await admin.deleteRuleset(cmd.clientId, cmd.key);
        print({ status: 'deleted', ruleset_key: cmd.key });
        return 0;
      case 'report': {
        const report = await admin.report(cmd.clientId);
        for (const band of report.bands) print(band);
        return 0;
      }
      case 'explain':
        print(await admin.explain(cmd.clientId, cmd.clientTransactionId));
        return 0;
      case 'simulate-returns':
        print(await admin.simulateReturns(cmd.clientId));
        return 0;
    }
  } catch (e) {
    if (!(e instanceof SignalAdminError)) throw e;
    err(JSON.stringify({ error: e.message }));
    return 1;
  }
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new SignalAdminError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

/** `weft signal …` from the CLI: parses, opens Weft on the configured database, runs. */
export async function runSignalCli(args: string[], config: Config): Promise<number> {
  const cmd = parseSignalCommand(args);
  if (!cmd) {
    console.error(SIGNAL_USAGE);
    return 2;
  }
  const { app, ctx } = await build(config, { logger: false });
  try {
    return await runSignalCommand(cmd, signalAdmin(ctx), console.log, console.error);
  } finally {
    await app.close();
  }
}
