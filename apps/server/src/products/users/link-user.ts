import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../../db/schema';
import { errors, PlaidError } from '../../http/errors';
import { sha256 } from '../../lib/ids';
import type { IncomeLinkOptions } from '../items/items.service';
import { UsersRepository } from './users.repository';
import { invalidUser } from './users.service';

/** Plaid's `income_verification` options of a link token or sandbox request, as Weft reads them. */
const IncomeVerificationOptions = Type.Object({
  income_source_types: Type.Optional(Type.Array(Type.Union([Type.Literal('bank'), Type.Literal('payroll')]))),
  bank_income: Type.Optional(
    Type.Object({ days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 731 })) }),
  ),
});

/** What a request that may start an Income flow carries. */
interface IncomeRequest {
  products?: readonly string[] | null;
  user_token?: string;
  user_id?: string;
  income_verification?: Record<string, unknown>;
}

/**
 * Checks a link token request's user and returns the configuration to store: a `user_token` is
 * swapped for the user's id (the token itself is kept nowhere), and Income without a user, or with
 * `income_verification` options Plaid would refuse, is refused here.
 */
export async function incomeUserOf<T extends IncomeRequest>(db: Db, clientId: string, config: T): Promise<T> {
  let stored = config;
  if (config.user_token !== undefined) {
    const user = await new UsersRepository(db).byTokenHash(clientId, sha256(config.user_token));
    if (!user) throw invalidUser('user_token');
    if (config.user_id !== undefined && config.user_id !== user.user_id) throw invalidUser('user_id');
    const { user_token: _token, ...rest } = config;
    stored = { ...rest, user_id: user.user_id } as T;
  } else if (config.user_id !== undefined && !(await new UsersRepository(db).byId(clientId, config.user_id)))
    throw invalidUser('user_id');
  if (config.products?.includes('income_verification')) {
    if (stored.user_id === undefined) throw errors.missingFields(['user_token']);
    incomeOptionsOf(stored);
  }
  return stored;
}

/**
 * The Income options of a request whose user is known (`user_id`), or undefined when it asks for
 * no Income. Source types default to bank, as a link token's `income_verification` does.
 */
export function incomeOptionsOf(config: IncomeRequest): IncomeLinkOptions | undefined {
  if (!config.products?.includes('income_verification') || config.user_id === undefined) return undefined;
  const raw = config.income_verification ?? {};
  if (!Value.Check(IncomeVerificationOptions, raw))
    throw new PlaidError('INVALID_FIELD', 'income_verification is invalid');
  const types = raw.income_source_types ?? ['bank'];
  if (types.length !== 1)
    throw new PlaidError(
      'INVALID_FIELD',
      'income_verification.income_source_types must name one source type',
    );
  return { userId: config.user_id, sourceTypes: types, daysRequested: raw.bank_income?.days_requested };
}
