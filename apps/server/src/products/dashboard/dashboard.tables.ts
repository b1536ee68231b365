import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/** Roles, from most to least allowed: owners manage the team; viewers change nothing. */
export type DashboardRole = 'owner' | 'developer' | 'viewer';

export interface DashboardTeamsTable {
  team_id: string;
  name: string;
  created_at: string;
}

export interface DashboardUsersTable {
  user_id: string;
  team_id: string;
  /** Lower-cased; unique across teams (one sign-in name, one team). */
  email: string;
  name: string;
  role: DashboardRole;
  /** `scrypt$N$r$p$salt$hash` (passwords.ts). */
  password_hash: string;
  created_at: string;
  /** Set when an owner removes the member; their sessions end at once. */
  removed_at: string | null;
}

export interface DashboardSessionsTable {
  /** SHA-256 of the cookie's token: a stolen database holds no usable session. */
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface DashboardSetupCodesTable {
  code_hash: string;
  created_at: string;
  expires_at: string;
}

export interface DashboardTeamClientsTable {
  client_id: string;
  team_id: string;
  /** `created` from the dashboard, or `adopted` (clients that existed when the team was set up). */
  origin: 'created' | 'adopted';
  created_at: string;
}

export interface DashboardAuditTable {
  id: Generated<number>;
  team_id: string;
  user_id: string;
  user_email: string;
  action: string;
  target: string;
  detail: string | null;
  created_at: string;
}

export interface DashboardApiRequestsTable {
  id: Generated<number>;
  request_id: string;
  client_id: string;
  path: string;
  status: number;
  latency_ms: number;
  error_code: string | null;
  item_id: string | null;
  /** JSON with secrets, tokens and credentials replaced (redact.ts), cut at a bound. */
  request_body: string;
  response_body: string;
  created_at: string;
}

/** The dashboard's tables (migration 20261203021000-dashboard). */
export type DashboardTables = {
  dashboard_teams: DashboardTeamsTable;
  dashboard_users: DashboardUsersTable;
  dashboard_sessions: DashboardSessionsTable;
  dashboard_setup_codes: DashboardSetupCodesTable;
  dashboard_team_clients: DashboardTeamClientsTable;
  dashboard_audit: DashboardAuditTable;
  dashboard_api_requests: DashboardApiRequestsTable;
};

/** The database with the dashboard's tables: they are the dashboard's own, typed here. */
export type DashboardDb = Kysely<Database & DashboardTables>;

export function dashboardDb(db: Kysely<Database>): DashboardDb {
  return db.withTables<DashboardTables>() as DashboardDb;
}
