import type { Connector } from './connector';
import type { Institution } from './institution';
import { DEFAULT_CONNECTORS } from './registry';

/** Plaid's environments: keys, tokens and Items each belong to one. */
export type Environment = 'sandbox' | 'production';

/** The institutions one environment's clients see: banks that are listed, and those found by id. */
export interface EnvironmentInstitutions {
  listed: readonly Institution[];
  unlisted: readonly Institution[];
}

/** Whether a connector's institutions are open to clients of this environment. */
export function connectorServes(connector: Connector, env: Environment): boolean {
  return connector.environments.includes(env);
}

/**
 * The institutions an environment's clients may list, look up and link: production keys never
 * see the simulated banks, as Plaid's production never lists its sandbox institutions.
 */
export function institutionsIn(
  env: Environment,
  connectors: readonly Connector[] = DEFAULT_CONNECTORS,
): EnvironmentInstitutions {
  const serving = connectors.filter((c) => connectorServes(c, env));
  return {
    listed: serving.filter((c) => c.listed).flatMap((c) => c.institutions),
    unlisted: serving.filter((c) => !c.listed).flatMap((c) => c.institutions),
  };
}

const OPEN = new Map<Environment, ReadonlySet<string>>(
  (['sandbox', 'production'] as const).map((env) => {
    const { listed, unlisted } = institutionsIn(env);
    return [env, new Set([...listed, ...unlisted].map((i) => i.institution_id))];
  }),
);

/** Whether clients of this environment may reach the institution (Items, Link, lookups). */
export function institutionOpenTo(institutionId: string, env: Environment): boolean {
  return OPEN.get(env)?.has(institutionId) ?? false;
}
