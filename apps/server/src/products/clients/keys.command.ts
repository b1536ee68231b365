import type { ClientEnv, ClientsService } from './clients.service';

/** `weft keys …`, as the CLI parses it before opening the database. */
export type KeysCommand =
  | { action: 'create'; name: string; env: ClientEnv }
  | { action: 'list' }
  | { action: 'rotate' | 'revoke'; clientId: string }
  | { action: 'redirect-uris'; clientId: string; change?: { op: 'add' | 'remove'; uri: string } };

/** What `weft keys` prints when its arguments make no sense. */
export const KEYS_USAGE = [
  'usage: weft keys create [--env sandbox|production] [name]',
  '                                   a new API client (sandbox unless told); its secret is shown once',
  '       weft keys list              every client as one JSON line with its env (never a secret)',
  '       weft keys rotate CLIENT_ID  a new secret for the client, shown once; the old one stops working',
  '       weft keys revoke CLIENT_ID  the client can no longer authenticate',
  '       weft keys redirect-uris CLIENT_ID [add URI | remove URI]',
  '                                   the redirect URIs /link/token/create accepts from the client',
].join('\n');

/** Parses the arguments after `keys`; undefined when they are not a command (print the usage). */
export function parseKeysCommand(args: string[]): KeysCommand | undefined {
  const [action, ...rest] = args;
  if (action === 'create') return parseCreate(rest);
  if (action === 'list' && rest.length === 0) return { action };
  if ((action === 'rotate' || action === 'revoke') && rest.length === 1 && rest[0])
    return { action, clientId: rest[0] };
  if (action === 'redirect-uris' && rest[0]) {
    const [clientId, op, uri, ...extra] = rest;
    if (op === undefined) return { action, clientId };
    if ((op === 'add' || op === 'remove') && uri && extra.length === 0)
      return { action, clientId, change: { op, uri } };
  }
  return undefined;
}

/** `create [--env sandbox|production] [name]`, the flag before or after the name. */
function parseCreate(rest: string[]): KeysCommand | undefined {
  let env: ClientEnv = 'sandbox';
  const names: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const inline = arg.startsWith('--env=') ? arg.slice('--env='.length) : undefined;
    const value = inline ?? (arg === '--env' ? rest[++i] : undefined);
    if (inline !== undefined || arg === '--env') {
      if (value !== 'sandbox' && value !== 'production') return undefined;
      env = value;
    } else if (arg.startsWith('--')) return undefined;
    else names.push(arg);
  }
  if (names.length > 1) return undefined;
  return { action: 'create', name: names[0] || 'client', env };
}

/**
 * Runs a keys command and returns the process exit code. Secrets appear on stdout only when made
 * (create, rotate), once; the database keeps their digests alone.
 */
export async function runKeysCommand(cmd: KeysCommand, clients: ClientsService): Promise<number> {
  const shownOnce = '(the secret is shown once; only its hash is stored)';
  switch (cmd.action) {
    case 'create': {
      const keys = await clients.create(cmd.name, cmd.env);
      console.log(
        `client_id: ${keys.clientId}\nsecret:    ${keys.secret}\nenv:       ${cmd.env}\n${shownOnce}`,
      );
      return 0;
    }
    case 'list':
      for (const c of await clients.list()) console.log(JSON.stringify(c));
      return 0;
    case 'rotate': {
      const keys = await clients.rotate(cmd.clientId);
      if (keys === 'unknown_client') return refuse(`no client with id ${cmd.clientId}`);
      if (keys === 'revoked') return refuse(`client ${cmd.clientId} is revoked; create a new one instead`);
      console.log(
        `client_id: ${keys.clientId}\nsecret:    ${keys.secret}\n${shownOnce}; the previous secret no longer works`,
      );
      return 0;
    }
    case 'revoke': {
      if ((await clients.revoke(cmd.clientId)) === 'unknown_client')
        return refuse(`no client with id ${cmd.clientId}`);
      console.log(`client ${cmd.clientId} is revoked; its API calls now fail with INVALID_API_KEYS`);
      return 0;
    }
    case 'redirect-uris':
      return runRedirectUris(cmd, clients);
  }
}

/** Lists, adds or removes a client's redirect URIs; prints the list as it stands afterwards. */
async function runRedirectUris(
  cmd: Extract<KeysCommand, { action: 'redirect-uris' }>,
  clients: ClientsService,
): Promise<number> {
  const { clientId, change } = cmd;
  if (change?.op === 'add') {
    const added = await clients.addRedirectUri(clientId, change.uri);
    if (added === 'invalid_uri') return refuse(`${change.uri} is not an absolute http(s) URL`);
    if (added === 'unknown_client') return refuse(`no client with id ${clientId}`);
  }
  if (change?.op === 'remove') {
    const removed = await clients.removeRedirectUri(clientId, change.uri);
    if (removed === 'unknown_client') return refuse(`no client with id ${clientId}`);
    if (!removed) return refuse(`${change.uri} is not registered for ${clientId}`);
  }
  const list = await clients.redirectUris(clientId);
  if (list === 'unknown_client') return refuse(`no client with id ${clientId}`);
  for (const uri of list) console.log(uri);
  return 0;
}

function refuse(message: string): number {
  console.error(message);
  return 1;
}
