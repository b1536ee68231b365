import { build } from '../../app';
import type { Config } from '../../config';
import { institutionOpenTo } from '../../connectors/environments';
import { SIMPLEFIN_INSTITUTION_ID } from '../../connectors/simplefin/simplefin.institution';
import { PlaidError } from '../../http/errors';
import { ClientsRepository } from '../clients/clients.repository';

/** `weft connect simplefin …`, as the CLI parses it before opening the database. */
export interface ConnectSimplefinCommand {
  setupToken: string;
  clientId: string;
  webhook: string | null;
}

/** What `weft connect simplefin` prints when its arguments make no sense. */
export const CONNECT_SIMPLEFIN_USAGE = [
  'weft connect simplefin SETUP_TOKEN --client-id CLIENT_ID [--webhook URL]',
  '    claims a SimpleFIN Bridge setup token and links it as an Item of the client (production',
  '    keys); prints {"item_id","access_token","accounts","transactions"}',
].join('\n');

/** Parses the arguments after `connect simplefin`; undefined when they are not a command. */
export function parseConnectSimplefin(args: string[]): ConnectSimplefinCommand | undefined {
  const tokens: string[] = [];
  let clientId: string | undefined;
  let webhook: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--client-id' || flag === '--webhook') {
      const value = inline ?? args[++i];
      if (!value) return undefined;
      if (flag === '--client-id') clientId = value;
      else webhook = value;
    } else if (arg.startsWith('--')) return undefined;
    else tokens.push(arg);
  }
  if (!clientId || tokens.length !== 1) return undefined;
  return { setupToken: tokens[0]!, clientId, webhook };
}

function printError(code: string, message: string): void {
  console.log(JSON.stringify({ error: { code, message } }));
}

/**
 * `weft connect simplefin`: claims the setup token through the same connector as Link's setup-token
 * pane and makes an Item of the client with all its accounts, asking for transactions, then
 * prints one JSON line: the Item, its access token and how many accounts and transactions it
 * holds, or `{"error":{"code","message"}}`. Returns the exit code: 2 for bad arguments, 1 when
 * the client or the token was refused, 0 otherwise.
 */
export async function runConnectSimplefin(args: string[], config: Config): Promise<number> {
  const cmd = parseConnectSimplefin(args);
  if (!cmd) {
    console.error(`usage: ${CONNECT_SIMPLEFIN_USAGE}`);
    printError('INVALID_ARGUMENTS', 'expected SETUP_TOKEN --client-id CLIENT_ID');
    return 2;
  }
  const { app, ctx } = await build(config, { logger: false });
  try {
    const client = await new ClientsRepository(ctx.db).find(cmd.clientId);
    if (!client || client.revoked_at) {
      printError(
        'INVALID_API_KEYS',
        client ? `client ${cmd.clientId} is revoked` : `no client with id ${cmd.clientId}`,
      );
      return 1;
    }
    // Checked before the token is claimed: a token can be claimed only once.
    if (!institutionOpenTo(SIMPLEFIN_INSTITUTION_ID, client.env)) {
      printError('INVALID_INSTITUTION', 'SimpleFIN Bridges are linked with production keys');
      return 1;
    }
    const connector = ctx.connectors.forInstitution(SIMPLEFIN_INSTITUTION_ID);
    try {
      const result = await connector.link(
        { kind: 'credentials' },
        { institutionId: SIMPLEFIN_INSTITUTION_ID, password: cmd.setupToken },
      );
      if (result.status === 'error') throw result.error;
      if (result.status !== 'linked') throw new PlaidError('INVALID_CREDENTIALS');
      const created = await ctx.items.createItem({
        clientId: cmd.clientId,
        env: client.env,
        institutionId: SIMPLEFIN_INSTITUTION_ID,
        connector: connector.id,
        login: result.login,
        accounts: result.accounts,
        products: ['transactions'],
        webhook: cmd.webhook,
      });
      const { accessToken } = await ctx.items.exchangePublicToken(cmd.clientId, created.publicToken);
      const counted = await ctx.db
        .selectFrom('transactions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('item_id', '=', created.item.item_id)
        .where('removed', '=', 0)
        .executeTakeFirstOrThrow();
      console.log(
        JSON.stringify({
          item_id: created.item.item_id,
          access_token: accessToken,
          accounts: created.accounts.length,
          transactions: Number(counted.n),
        }),
      );
      return 0;
    } catch (e) {
      if (!(e instanceof PlaidError)) throw e;
      printError(e.code, e.message);
      return 1;
    }
  } finally {
    await app.close();
  }
}
