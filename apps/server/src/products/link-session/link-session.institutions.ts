import { SANDBOX_INSTITUTIONS, type SandboxInstitution } from '../../connectors/sandbox/institutions';
import { InstitutionsService } from '../institutions/institutions.service';
import type { LinkTokenConfig } from '../link/link.service';
import { paymentTargetOf } from '../link/link-hooks';

const directory = new InstitutionsService(SANDBOX_INSTITUTIONS);

/** Products an institution must support for this link token (payments need payment_initiation). */
function requiredProducts(config: LinkTokenConfig): string[] {
  if (paymentTargetOf(config)) return ['payment_initiation'];
  return (config.products ?? []).filter((p) => p !== 'balance');
}

/**
 * Institutions Link may offer for a link token: in its countries and supporting its products.
 * With `popular`, the popular ones (or, if none qualify, the first few) for the opening list.
 */
export function searchInstitutions(
  config: LinkTokenConfig,
  query: string,
  popular: boolean,
): SandboxInstitution[] {
  const filter = { countryCodes: config.country_codes, products: requiredProducts(config) };
  if (!popular) {
    if (query.trim() === '') return directory.list(filter, 500, 0).institutions;
    return directory.search(query, filter, 20);
  }
  const all = directory.list(filter, 500, 0).institutions;
  const top = all.filter((i) => i.popular);
  return (top.length > 0 ? top : all).slice(0, 8);
}
