import type { CountryCode, Institution, Products } from 'plaid';
import type { SandboxInstitution } from '../../connectors/sandbox/institutions';

/** Presentation options Plaid's institution endpoints take. */
export interface InstitutionView {
  includeOptionalMetadata?: boolean;
  includeStatus?: boolean;
}

/** One institution as Plaid returns it. */
export function presentInstitution(i: SandboxInstitution, view: InstitutionView = {}): Institution {
  return {
    institution_id: i.institution_id,
    name: i.name,
    products: i.products as Products[],
    country_codes: i.country_codes as CountryCode[],
    routing_numbers: i.routing_numbers,
    dtc_numbers: [],
    oauth: i.oauth,
    ...(view.includeOptionalMetadata ? { url: i.url, primary_color: i.primary_color, logo: null } : {}),
    ...(view.includeStatus ? { status: institutionStatus(i) } : {}),
  } satisfies Institution;
}

function institutionStatus(i: SandboxInstitution): NonNullable<Institution['status']> {
  const healthy = {
    status: 'HEALTHY' as const,
    last_status_change: '2026-01-01T00:00:00Z',
    breakdown: { success: 1, error_plaid: 0, error_institution: 0 },
  };
  return {
    item_logins: healthy,
    transactions_updates: i.products.includes('transactions') ? healthy : null,
    auth: i.products.includes('auth') ? healthy : null,
    identity: i.products.includes('identity') ? healthy : null,
    investments_updates: i.products.includes('investments') ? healthy : null,
    liabilities_updates: i.products.includes('liabilities') ? healthy : null,
    liabilities: i.products.includes('liabilities') ? healthy : null,
    investments: i.products.includes('investments') ? healthy : null,
    health_incidents: [],
  } as NonNullable<Institution['status']>;
}
