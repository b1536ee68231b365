import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { PaymentRecipientsTable } from '../../db/tables/payments';
import { type Bacs, checkBacs } from '../../engines/payments/bacs';
import { checkIban, normalizeIban } from '../../engines/payments/iban';
import type { Violation } from '../../engines/payments/rules';
import type { AuthenticatedClient } from '../../http/client-auth';
import { errors, PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { sha256 } from '../../lib/ids';
import { canonicalJson, paymentsId } from './ids';
import type { RecipientCreateBody } from './payment-initiation.schemas';
import { RecipientsRepository } from './recipients.repository';

/** Turns an engine violation into the Plaid error the API answers with. */
export function fail(v: Violation): PlaidError {
  return new PlaidError(v.code, v.message);
}

/**
 * The BACS numbers a recipient was created with, null for an IBAN-only one. Only what the client
 * gave: numbers derived from a UK IBAN route payments but are never stored or shown as the
 * recipient's own (Plaid's /recipient/get answers an IBAN-only recipient with no bacs).
 */
export function storedBacs(r: PaymentRecipientsTable): Bacs | null {
  return r.bacs_account !== null && r.bacs_sort_code !== null
    ? { account: r.bacs_account, sort_code: r.bacs_sort_code }
    : null;
}

/** Recipients: validated account details, idempotent creation, cursor-paged listing. */
export class RecipientsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a recipient. Needs an IBAN or BACS numbers (both may be given); Plaid's create is
   * idempotent, so the same details return the same recipient_id.
   */
  async create(client: AuthenticatedClient, body: RecipientCreateBody): Promise<PaymentRecipientsTable> {
    const name = body.name.trim();
    if (name === '') throw errors.invalidField('name must be a non-empty string');
    let iban: string | null = null;
    if (body.iban !== undefined && body.iban !== null) {
      iban = normalizeIban(body.iban);
      const v = checkIban(iban);
      if (v) throw fail(v);
    }
    let bacs: Bacs | null = null;
    if (body.bacs) {
      const r = checkBacs(body.bacs);
      if ('error' in r) throw fail(r.error);
      bacs = r.value;
    }
    if (!iban && !bacs) throw errors.invalidField('a recipient needs an iban or bacs account details');
    const address = body.address ?? null;
    if (address && !/^[A-Z]{2}$/.test(address.country))
      throw errors.invalidField('address.country must be an ISO 3166-1 alpha-2 code');
    const details = { name, iban, bacs, address };
    return new RecipientsRepository(this.db).insertOrGet({
      recipient_id: paymentsId('recipient-id', client.env),
      client_id: client.clientId,
      env: client.env,
      name,
      iban,
      bacs_account: bacs?.account ?? null,
      bacs_sort_code: bacs?.sort_code ?? null,
      address: address ? JSON.stringify(address) : null,
      details_hash: sha256(canonicalJson(details)),
      created_at: this.clock.now().toISOString(),
    });
  }

  /** A recipient of this client; INVALID_FIELD for unknown ids and other clients' recipients alike. */
  async get(clientId: string, recipientId: string): Promise<PaymentRecipientsTable> {
    const r = await new RecipientsRepository(this.db).find(clientId, recipientId);
    if (!r) throw errors.invalidField('recipient_id does not match any recipient');
    return r;
  }

  /** A page of recipients (newest first) and the cursor of the next one, if any. */
  async list(
    clientId: string,
    count: number,
    cursor: string | undefined,
  ): Promise<{ recipients: PaymentRecipientsTable[]; nextCursor: string | null }> {
    const from = cursor ? decodeCursor(cursor) : undefined;
    const rows = await new RecipientsRepository(this.db).list(clientId, count + 1, from);
    const next = rows.length > count ? rows[count]! : null;
    return { recipients: rows.slice(0, count), nextCursor: next ? encodeCursor(next) : null };
  }
}

/** Opaque cursor naming the first recipient of a page. */
function encodeCursor(r: PaymentRecipientsTable): string {
  return Buffer.from(`${r.created_at}|${r.recipient_id}`).toString('base64url');
}

function decodeCursor(cursor: string): { created_at: string; recipient_id: string } {
  const [createdAt, recipientId] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!createdAt || !recipientId || Number.isNaN(Date.parse(createdAt)))
    throw errors.invalidField('cursor is invalid');
  return { created_at: createdAt, recipient_id: recipientId };
}
