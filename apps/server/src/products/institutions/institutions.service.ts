import { SANDBOX_INSTITUTIONS, type SandboxInstitution } from '../../connectors/sandbox/institutions';
import { PlaidError } from '../../http/errors';

/** Filters shared by the institution endpoints. */
export interface InstitutionFilter {
  countryCodes: readonly string[];
  products?: readonly string[] | null;
  oauth?: boolean | null;
  routingNumbers?: readonly string[] | null;
}

/** Institution directory: list, search and lookup over the connectors' institutions. */
export class InstitutionsService {
  constructor(private readonly all: readonly SandboxInstitution[] = SANDBOX_INSTITUTIONS) {}

  /** A page of institutions matching the filter, with the total count. */
  list(
    filter: InstitutionFilter,
    count: number,
    offset: number,
  ): { institutions: SandboxInstitution[]; total: number } {
    const matching = this.all.filter((i) => matches(i, filter));
    return { institutions: matching.slice(offset, offset + count), total: matching.length };
  }

  /** Institutions whose name contains every word of the query (case-insensitive), best first. */
  search(query: string, filter: InstitutionFilter, limit = 10): SandboxInstitution[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.all
      .filter((i) => matches(i, filter))
      .map((i) => ({ i, name: i.name.toLowerCase() }))
      .filter(({ name }) => words.every((w) => name.includes(w)))
      .sort(
        (a, b) =>
          Number(b.name.startsWith(words[0] ?? '')) - Number(a.name.startsWith(words[0] ?? '')) ||
          a.name.localeCompare(b.name),
      )
      .slice(0, limit)
      .map(({ i }) => i);
  }

  /** One institution, available in one of the given countries; INVALID_INSTITUTION otherwise. */
  get(id: string, countryCodes: readonly string[]): SandboxInstitution {
    const inst = this.all.find((i) => i.institution_id === id);
    if (!inst || (countryCodes.length > 0 && !inst.country_codes.some((c) => countryCodes.includes(c))))
      throw new PlaidError('INVALID_INSTITUTION', `invalid institution_id provided: ${id}`);
    return inst;
  }
}

function matches(i: SandboxInstitution, f: InstitutionFilter): boolean {
  if (f.countryCodes.length > 0 && !i.country_codes.some((c) => f.countryCodes.includes(c))) return false;
  if (f.products && !f.products.every((p) => i.products.includes(p))) return false;
  if (f.oauth !== undefined && f.oauth !== null && i.oauth !== f.oauth) return false;
  if (f.routingNumbers && !f.routingNumbers.some((r) => i.routing_numbers.includes(r))) return false;
  return true;
}
