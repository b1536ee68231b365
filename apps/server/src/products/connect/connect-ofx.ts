import { build } from '../../app';
import type { Config } from '../../config';
import { OFX_SERVER_INSTITUTION_ID } from '../../connectors/ofx-direct/directory';
import { OfxDirectConnector } from '../../connectors/ofx-direct/ofx-direct.connector';
import { PlaidError } from '../../http/errors';
import { ClientsRepository } from '../clients/clients.repository';

/** `weft connect ofx …`, as parsed before the database is opened. */
export interface ConnectOfxCommand {
  url: string;
  org: string;
  fid: string;
  user: string;
  /** From --password, or the first line of stdin with --password-stdin. */
  password: string | null;
  passwordStdin: boolean;
  clientId: string;
  appId: string | null;
  appVer: string | null;
  version: '102' | '220';
  mfaAnswers: string[];
  webhook: string | null;
}

/** What `weft connect ofx` prints (on stderr) when its arguments make no sense. */
export const CONNECT_OFX_USAGE = [
  'weft connect ofx --url URL --org ORG --fid FID --user USER (--password PASSWORD | --password-stdin)',
  '      --client-id CLIENT_ID [--appid APPID] [--appver APPVER] [--ofx-version 102|220]',
  '      [--mfa-answer ANSWER]... [--webhook URL]',
  "    links a bank's OFX Direct Connect server as an Item of a production client; prints",
  '    {"item_id","access_token","accounts","transactions"} or {"error":{"code","message"}}',
].join('\n');

const VALUE_FLAGS = [
  '--url',
  '--org',
  '--fid',
  '--user',
  '--password',
  '--client-id',
  '--appid',
  '--appver',
  '--ofx-version',
  '--mfa-answer',
  '--webhook',
] as const;

/** Parses the arguments after `connect ofx`; a string says what is wrong with them. */
export function parseConnectOfx(args: string[]): ConnectOfxCommand | string {
  const v = new Map<string, string>();
  const answers: string[] = [];
  let passwordStdin = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--password-stdin') {
      passwordStdin = true;
      continue;
    }
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) return `unknown argument ${arg}`;
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return `${flag} needs a value`;
    if (flag === '--mfa-answer') answers.push(value);
    else v.set(flag, value);
  }
  for (const required of ['--url', '--org', '--fid', '--user', '--client-id'])
    if (!v.has(required)) return `${required} is required`;
  if (v.has('--password') === passwordStdin) return 'give exactly one of --password and --password-stdin';
  const version = v.get('--ofx-version') ?? '102';
  if (version !== '102' && version !== '220') return '--ofx-version is 102 or 220';
  return {
    url: v.get('--url')!,
    org: v.get('--org')!,
    fid: v.get('--fid')!,
    user: v.get('--user')!,
    password: v.get('--password') ?? null,
    passwordStdin,
    clientId: v.get('--client-id')!,
    appId: v.get('--appid') ?? null,
    appVer: v.get('--appver') ?? null,
    version,
    mfaAnswers: answers,
    webhook: v.get('--webhook') ?? null,
  };
}

function printError(code: string, message: string): void {
  console.log(JSON.stringify({ error: { code, message } }));
}

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/**
 * `weft connect ofx`: signs on to the server, lists its accounts and reads their statements, then
 * makes an Item of them for the client (its transactions pulled as Link's Items are) and prints
 * one JSON line. Returns the exit code: 2 for bad arguments, 1 when the client or the bank
 * refused, 0 otherwise. The password never reaches the output or the logs.
 */
export async function runConnectOfx(args: string[], config: Config): Promise<number> {
  const cmd = parseConnectOfx(args);
  if (typeof cmd === 'string') {
    printError('INVALID_ARGUMENTS', cmd);
    console.error(`usage: ${CONNECT_OFX_USAGE}`);
    return 2;
  }
  const password = cmd.password ?? (await firstLineOfStdin());
  if (!password) {
    printError('INVALID_ARGUMENTS', 'the password is empty');
    return 2;
  }
  const { app, ctx } = await build(config, { logger: false });
  try {
    const client = await new ClientsRepository(ctx.db).find(cmd.clientId);
    if (!client || client.revoked_at) {
      printError('INVALID_API_KEYS', `no active client with id ${cmd.clientId}`);
      return 1;
    }
    if (client.env !== 'production') {
      printError(
        'INVALID_INSTITUTION',
        'a bank is a real source: link it for a production client (weft keys create --env production NAME)',
      );
      return 1;
    }
    const connector = ctx.connectors.forInstitution(OFX_SERVER_INSTITUTION_ID);
    if (!(connector instanceof OfxDirectConnector))
      throw new Error('the OFX server institution has no OFX connector');
    const result = await connector.linkServer({
      server: { url: cmd.url, org: cmd.org, fid: cmd.fid, version: cmd.version },
      userId: cmd.user,
      password,
      ...(cmd.appId ? { appId: cmd.appId } : {}),
      ...(cmd.appVer ? { appVer: cmd.appVer } : {}),
      mfaAnswers: cmd.mfaAnswers,
    });
    if (result.status !== 'linked') {
      const error = result.status === 'error' ? result.error : new PlaidError('INVALID_MFA');
      printError(error.code, error.message);
      return 1;
    }
    const { item, accounts, publicToken } = await ctx.items.createItem({
      clientId: client.client_id,
      env: client.env,
      institutionId: OFX_SERVER_INSTITUTION_ID,
      connector: connector.id,
      login: result.login,
      accounts: result.accounts,
      products: ['transactions'],
      webhook: cmd.webhook,
    });
    const { accessToken } = await ctx.items.exchangePublicToken(client.client_id, publicToken);
    const counted = await ctx.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('item_id', '=', item.item_id)
      .executeTakeFirstOrThrow();
    console.log(
      JSON.stringify({
        item_id: item.item_id,
        access_token: accessToken,
        accounts: accounts.length,
        transactions: Number(counted.n),
      }),
    );
    return 0;
  } catch (e) {
    if (!(e instanceof PlaidError)) throw e;
    printError(e.code, e.message);
    return 1;
  } finally {
    await app.close();
  }
}
