import type { Generated } from 'kysely';

/** Statement files imported into an Item, with their bytes sealed as connector credentials are. */
export interface StatementFilesTable {
  id: Generated<number>;
  item_id: string;
  /** SHA-256 of the raw bytes (hex): the same file imported twice into an Item adds nothing. */
  sha256: string;
  name: string;
  /** The raw bytes, base64, sealed with the server's key. */
  content_sealed: string;
  format: string;
  accounts: number;
  transactions: number;
  added: number;
  imported_at: string;
}

export interface StatementFilesTables {
  statement_files: StatementFilesTable;
}
