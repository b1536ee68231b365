import type { Institution } from '../../connectors/institution';
import {
  LISTED_INSTITUTIONS,
  searchInstitutions,
  UNLISTED_INSTITUTIONS,
} from '../../connectors/institutions';
import { PlaidError } from '../../http/errors';
import { servedOnly } from '../served-products';

/** Filters shared by the institution endpoints. */
export interface InstitutionFilter {
  countryCodes: readonly string[];
  products?: readonly string[] | null;
  oauth?: boolean | null;
  routingNumbers?: readonly string[] | null;
}

/** Institution directory: list, search and lookup over the connectors' institutions. */
export class InstitutionsService {
  private readonly all: readonly Institution[];
  private readonly unlisted: readonly Institution[];

  /**
   * Institutions are seen with only the products Weft serves, so the `products` filters (here and
   * in Link's institution list) never match a product that would fail once linked.
   */
  constructor(
    institutions: readonly Institution[] = LISTED_INSTITUTIONS,
    unlisted: readonly Institution[] = UNLISTED_INSTITUTIONS,
  ) {
    this.all = institutions.map((i) => ({ ...i, products: servedOnly(i.products) }));
    this.unlisted = unlisted.map((i) => ({ ...i, products: servedOnly(i.products) }));
  }

  /** A page of institutions matching the filter, with the total count. */
  list(
    filter: InstitutionFilter,
    count: number,
    offset: number,
  ): { institutions: Institution[]; total: number } {
    const matching = this.all.filter((i) => matches(i, filter));
    return { institutions: matching.slice(offset, offset + count), total: matching.length };
  }

  /** Institutions whose name contains every word of the query (case-insensitive), best first. */
  search(query: string, filter: InstitutionFilter, limit = 10): Institution[] {
    return searchInstitutions(
      query,
      this.all.filter((i) => matches(i, filter)),
    ).slice(0, limit);
  }

  /** One institution, available in one of the given countries; INVALID_INSTITUTION otherwise. */
  get(id: string, countryCodes: readonly string[]): Institution {
    const byId = (i: Institution) => i.institution_id === id;
    const inst = this.all.find(byId) ?? this.unlisted.find(byId);
    if (!inst || (countryCodes.length > 0 && !inst.country_codes.some((c) => countryCodes.includes(c))))
      throw new PlaidError('INVALID_INSTITUTION', `invalid institution_id provided: ${id}`);
    return inst;
  }
}

function matches(i: Institution, f: InstitutionFilter): boolean {
  if (f.countryCodes.length > 0 && !i.country_codes.some((c) => f.countryCodes.includes(c))) return false;
  if (f.products && !f.products.every((p) => i.products.includes(p))) return false;
  if (f.oauth !== undefined && f.oauth !== null && i.oauth !== f.oauth) return false;
  if (f.routingNumbers && !f.routingNumbers.some((r) => i.routing_numbers.includes(r))) return false;
  return true;
}
