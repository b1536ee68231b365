import type { Institution } from './institution';
import { DEFAULT_CONNECTORS } from './registry';

/**
 * The institution directory across connectors: products find, list and search institutions here,
 * never in a connector's folder. A listing connector's banks are listed (/institutions/get,
 * /institutions/search, Link's list); statement uploads are found by id only, as they are not a
 * bank a user looks for.
 */
export const LISTED_INSTITUTIONS: readonly Institution[] = DEFAULT_CONNECTORS.filter((c) => c.listed).flatMap(
  (c) => c.institutions,
);

/** Institutions reached by id but never listed among banks. */
export const UNLISTED_INSTITUTIONS: readonly Institution[] = DEFAULT_CONNECTORS.filter(
  (c) => !c.listed,
).flatMap((c) => c.institutions);

const BY_ID = new Map([...LISTED_INSTITUTIONS, ...UNLISTED_INSTITUTIONS].map((i) => [i.institution_id, i]));

/** Any institution a connector serves, by id. */
export function findInstitution(id: string): Institution | undefined {
  return BY_ID.get(id);
}

/** Institutions whose name contains every word of the query (case-insensitive), best first. */
export function searchInstitutions(
  query: string,
  among: readonly Institution[] = LISTED_INSTITUTIONS,
): Institution[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return among
    .map((i) => ({ i, name: i.name.toLowerCase() }))
    .filter(({ name }) => words.every((w) => name.includes(w)))
    .sort(
      (a, b) =>
        Number(b.name.startsWith(words[0] ?? '')) - Number(a.name.startsWith(words[0] ?? '')) ||
        a.name.localeCompare(b.name),
    )
    .map(({ i }) => i);
}
