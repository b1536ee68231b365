import type { Kysely, Transaction } from 'kysely';
import type { CoreTables } from './tables/core';

/** The whole database: one interface per feature, merged here. */
export interface Database extends CoreTables {}

/** A database handle or an open transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;
