import type { CountryCode, Institution } from 'plaid';
import type { Institution as ConnectorInstitution } from '../../connectors/institution';
import { servedOnly } from '../served-products';

/** Presentation options Plaid's institution endpoints take. */
export interface InstitutionView {
  includeOptionalMetadata?: boolean;
  includeStatus?: boolean;
}

/** One institution as Plaid returns it. */
export function presentInstitution(i: ConnectorInstitution, view: InstitutionView = {}): Institution {
  return {
    institution_id: i.institution_id,
    name: i.name,
    products: servedOnly(i.products),
    country_codes: i.country_codes as CountryCode[],
    routing_numbers: i.routing_numbers,
    dtc_numbers: [],
    oauth: i.oauth,
    ...(view.includeOptionalMetadata ? { url: i.url, primary_color: i.primary_color, logo: i.logo } : {}),
    ...(view.includeStatus ? { status: institutionStatus(i) } : {}),
  } satisfies Institution;
}

/** Share of requests that succeed at each health, as Plaid's breakdown reports it. */
const BREAKDOWN: Record<
  ConnectorInstitution['health'],
  { success: number; error_plaid: number; error_institution: number }
> = {
  HEALTHY: { success: 1, error_plaid: 0, error_institution: 0 },
  DEGRADED: { success: 0.5, error_plaid: 0, error_institution: 0.5 },
  DOWN: { success: 0, error_plaid: 0, error_institution: 1 },
};

function institutionStatus(i: ConnectorInstitution): NonNullable<Institution['status']> {
  const products = servedOnly(i.products) as string[];
  const current = {
    status: i.health,
    last_status_change: '2026-01-01T00:00:00Z',
    breakdown: BREAKDOWN[i.health],
  };
  return {
    item_logins: current,
    transactions_updates: products.includes('transactions') ? current : null,
    auth: products.includes('auth') ? current : null,
    identity: products.includes('identity') ? current : null,
    investments_updates: products.includes('investments') ? current : null,
    liabilities_updates: products.includes('liabilities') ? current : null,
    liabilities: products.includes('liabilities') ? current : null,
    investments: products.includes('investments') ? current : null,
    health_incidents: [],
  } as NonNullable<Institution['status']>;
}
