import type { WeftApp, WeftContext } from '../../app-context';
import { PlaidError } from '../../http/errors';
import { presentOutcome } from './statement-import.presenter';
import { IMPORT_BODY_LIMIT, StatementsImportBody } from './statement-import.schemas';
import { StatementsService, type StatementUpload } from './statement-import.service';

/** The importer every entry point shares (this route, the CLI, later Link's upload pane). */
export function statementsService(ctx: WeftContext): StatementsService {
  return new StatementsService(ctx.db, ctx.clock, ctx.items, ctx.secretBox);
}

/**
 * /weft/statements/import (a Weft extension): statement files into a new Item (answered with a
 * public token to exchange) or into an existing one (`access_token`). Each file is reported on its
 * own: a file that cannot be read is an entry with its error, not a failed request.
 */
export async function statementsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const statements = statementsService(ctx);

  app.post(
    '/weft/statements/import',
    { schema: { body: StatementsImportBody }, bodyLimit: IMPORT_BODY_LIMIT },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      const { access_token, webhook, files } = req.body;
      if (webhook && !isHttpUrl(webhook))
        throw new PlaidError('INVALID_FIELD', 'webhook must be a valid http(s) URL');
      const uploads = files.map((f, i) => ({ name: f.name, bytes: decodeBase64(f.content_base64, i) }));
      const target = access_token
        ? { kind: 'existing' as const, item: await statements.resolveItem(client.clientId, access_token) }
        : { kind: 'new' as const, clientId: client.clientId, env: client.env, webhook: webhook ?? null };
      const r = await statements.importAll(target, uploads);
      return {
        item_id: r.itemId,
        ...(r.publicToken ? { public_token: r.publicToken } : {}),
        files: r.outcomes.map((o) => presentOutcome(o)),
      };
    },
  );
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string, index: number): StatementUpload['bytes'] {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact))
    throw new PlaidError('INVALID_FIELD', `files.${index}.content_base64 must be base64`);
  return Buffer.from(compact, 'base64');
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
