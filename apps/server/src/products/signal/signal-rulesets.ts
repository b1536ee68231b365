import type { Db } from '../../db/schema';
import { computeAttributes } from '../../engines/signal/attributes';
import { attributeNamesOf, DEFAULT_RULESET, parseRuleset, type Ruleset } from '../../engines/signal/rulesets';
import { errors } from '../../http/errors';
import { SignalRepository } from './signal.repository';

/** Every core attribute's name, for checking the fields rulesets name. */
export const ATTRIBUTE_NAMES: ReadonlySet<string> = attributeNamesOf(
  computeAttributes(
    {
      day: '2000-01-01',
      account: { type: 'depository', subtype: null, current: null, available: null, balanceUpdatedAt: null },
      transactions: [],
      firstTransactionDate: null,
      transactionsUpdatedAt: null,
      connectionDays: [],
      identities: [],
    },
    1,
  ),
);

/**
 * The ruleset an evaluation runs: the client's by that key, the built-in default when no key is
 * given (unless the client defined its own `default`); INVALID_FIELD for a key the client never
 * defined.
 */
export async function loadRuleset(db: Db, clientId: string, key: string | null): Promise<Ruleset> {
  const row = await new SignalRepository(db).findRuleset(clientId, key ?? DEFAULT_RULESET.ruleset_key);
  if (row) return readStored(row.ruleset);
  if (key === null || key === DEFAULT_RULESET.ruleset_key) return DEFAULT_RULESET;
  throw errors.invalidField(`ruleset_key ${JSON.stringify(key)} names no ruleset of this client`);
}

/** A stored ruleset, read back through the same parser that admitted it. */
export function readStored(json: string): Ruleset {
  const parsed = parseRuleset(JSON.parse(json) as unknown, ATTRIBUTE_NAMES);
  if (typeof parsed === 'string')
    throw new Error(`signal_rulesets holds a ruleset that no longer parses: ${parsed}`);
  return parsed;
}
