import type { Migration } from 'kysely';
import * as core from './20261128000100-core';
import * as transactions from './20261128001000-transactions';
import * as linkSession from './20261128002000-link-session';
import * as linkSessionEvents from './20261128002100-link-session-events';
import * as webhooks from './20261128003000-webhooks';
import * as payments from './20261128005000-payments';

/**
 * Every migration, in order. Names are timestamps; add new ones at the end, never edit a landed
 * one. Each must run on SQLite and PostgreSQL; dialect-specific SQL goes behind an explicit branch.
 */
export const migrations: Record<string, Migration> = {
  '20261128000100-core': core,
  '20261128001000-transactions': transactions,
  '20261128002000-link-session': linkSession,
  '20261128002100-link-session-events': linkSessionEvents,
  '20261128003000-webhooks': webhooks,
  '20261128005000-payments': payments,
};
