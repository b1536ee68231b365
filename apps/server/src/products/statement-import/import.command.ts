import fs from 'node:fs';
import { build } from '../../app';
import type { Config } from '../../config';
import { PlaidError } from '../../http/errors';
import { ClientsRepository } from '../clients/clients.repository';
import { presentOutcome } from './statement-import.presenter';
import { statementsService } from './statement-import.routes';
import type { ImportTarget } from './statement-import.service';

/** `weft import …`, as the CLI parses it before opening the database. */
export interface ImportCommand {
  files: string[];
  clientId: string;
  accessToken: string | null;
}

/** What `weft import` prints when its arguments make no sense. */
export const IMPORT_USAGE = [
  'usage: weft import FILE... --client-id CLIENT_ID [--access-token ACCESS_TOKEN]',
  '  each file becomes an Item of the client (its access token is printed), or, with',
  '  --access-token, every file is added to that Item; one JSON line per file',
].join('\n');

/** Parses the arguments after `import`; undefined when they are not a command (print the usage). */
export function parseImportCommand(args: string[]): ImportCommand | undefined {
  const files: string[] = [];
  let clientId: string | undefined;
  let accessToken: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--client-id' || flag === '--access-token') {
      const value = inline ?? args[++i];
      if (!value) return undefined;
      if (flag === '--client-id') clientId = value;
      else accessToken = value;
    } else if (arg.startsWith('--')) return undefined;
    else files.push(arg);
  }
  if (!clientId || files.length === 0) return undefined;
  return { files, clientId, accessToken };
}

/**
 * `weft import`: reads each file from disk and imports it through the same importer as
 * /weft/statements/import, printing one JSON line per file. Returns the exit code: 2 for bad
 * arguments, 1 when the client, the access token or any file was refused (files that could be
 * read are imported all the same), 0 otherwise.
 */
export async function runImportCommand(args: string[], config: Config): Promise<number> {
  const cmd = parseImportCommand(args);
  if (!cmd) {
    console.error(IMPORT_USAGE);
    return 2;
  }
  const { app, ctx } = await build(config, { logger: false });
  try {
    const client = await new ClientsRepository(ctx.db).find(cmd.clientId);
    if (!client) {
      console.error(`no client with id ${cmd.clientId}`);
      return 1;
    }
    if (client.revoked_at) {
      console.error(`client ${cmd.clientId} is revoked`);
      return 1;
    }
    const statements = statementsService(ctx);
    let existing: ImportTarget | undefined;
    if (cmd.accessToken) {
      try {
        existing = { kind: 'existing', item: await statements.resolveItem(cmd.clientId, cmd.accessToken) };
      } catch (e) {
        if (!(e instanceof PlaidError)) throw e;
        console.error(`${e.code}: ${e.message}`);
        return 1;
      }
    }
    let failed = false;
    for (const path of cmd.files) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(path);
      } catch (e) {
        failed = true;
        const message = e instanceof Error ? e.message : String(e);
        console.log(JSON.stringify({ file: path, error: { code: 'UNREADABLE_FILE', message, line: null } }));
        continue;
      }
      // A client's Items belong to the environment its keys were made for.
      const target = existing ?? { kind: 'new', clientId: cmd.clientId, env: client.env, webhook: null };
      const outcome = await statements.importFile(target, { name: path, bytes });
      let accessToken: string | undefined;
      if (outcome.ok && outcome.publicToken)
        accessToken = (await ctx.items.exchangePublicToken(cmd.clientId, outcome.publicToken)).accessToken;
      if (!outcome.ok) failed = true;
      console.log(JSON.stringify(presentOutcome(outcome, accessToken)));
    }
    return failed ? 1 : 0;
  } finally {
    await app.close();
  }
}
