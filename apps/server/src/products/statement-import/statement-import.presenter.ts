import type { ImportOutcome } from './statement-import.service';

/** One file's line, as the endpoint and the CLI report it. */
export type OutcomeView =
  | {
      file: string;
      item_id: string;
      access_token?: string;
      accounts: number;
      transactions: number;
      added: number;
      skipped: number;
    }
  | { file: string; error: { code: string; message: string; line: number | null } };

/** A file's outcome as JSON; `accessToken` only for an Item the caller just created and exchanged. */
export function presentOutcome(o: ImportOutcome, accessToken?: string): OutcomeView {
  if (!o.ok)
    return { file: o.file, error: { code: o.error.code, message: o.error.message, line: o.error.line } };
  return {
    file: o.file,
    item_id: o.itemId,
    ...(accessToken ? { access_token: accessToken } : {}),
    accounts: o.accounts,
    transactions: o.transactions,
    added: o.added,
    skipped: o.skipped,
  };
}
