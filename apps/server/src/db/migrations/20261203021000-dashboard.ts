import type { Kysely } from 'kysely';
import { autoId } from './dialect';

/**
 * The dashboard at /dashboard (products/dashboard): teams and their members (passwords as scrypt
 * hashes), sessions (only a SHA-256 of each session token), the one-time setup code (its hash),
 * which team owns which API client, the audit log of key and Item actions, and a bounded log of
 * Plaid API requests (bodies redacted, purged by age).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('dashboard_teams')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dashboard_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull().references('dashboard_teams.team_id'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .execute();
  await db.schema
    .createTable('dashboard_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('dashboard_users.user_id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dashboard_sessions_user').on('dashboard_sessions').column('user_id').execute();
  await db.schema
    .createTable('dashboard_setup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dashboard_team_clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey().references('clients.client_id'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('dashboard_teams.team_id'))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dashboard_team_clients_team')
    .on('dashboard_team_clients')
    .column('team_id')
    .execute();
  await db.schema
    .createTable('dashboard_audit')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('user_email', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dashboard_audit_team')
    .on('dashboard_audit')
    .columns(['team_id', 'id'])
    .execute();
  await db.schema
    .createTable('dashboard_api_requests')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('item_id', 'text')
    .addColumn('request_body', 'text', (c) => c.notNull())
    .addColumn('response_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('dashboard_api_requests_client')
    .on('dashboard_api_requests')
    .columns(['client_id', 'id'])
    .execute();
  await db.schema
    .createIndex('dashboard_api_requests_created')
    .on('dashboard_api_requests')
    .column('created_at')
    .execute();
}
