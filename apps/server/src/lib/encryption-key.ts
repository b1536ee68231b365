import path from 'node:path';
import { type Config, ConfigError, decodeKey } from '../config';
import type { Db } from '../db/schema';
import { SettingsRepository } from '../db/settings.repository';
import { readOrCreateKeyFile, type SecretBox } from './crypto';

const KEY_CHECK = 'encryption_key_check';

/**
 * The server key: WEFT_ENCRYPTION_KEY, else a key file generated once in the data folder (SQLite
 * only: configuration refuses PostgreSQL without WEFT_ENCRYPTION_KEY, as processes sharing one
 * database must share its key).
 */
export function loadEncryptionKey(config: Config): Promise<Buffer> {
  if (config.encryptionKey) {
    const key = decodeKey(config.encryptionKey);
    if (key) return Promise.resolve(key);
  }
  return readOrCreateKeyFile(path.join(config.dataDir, 'encryption.key'), decodeKey);
}

/**
 * Refuses to run with a key other than the one the database's sealed values were made with. The
 * first process on a fresh database records the key's check value; every later one compares.
 */
export async function checkEncryptionKey(db: Db, box: SecretBox, config: Config): Promise<void> {
  const mine = box.keyCheck();
  const recorded = await new SettingsRepository(db).setOnce(KEY_CHECK, mine);
  if (recorded === mine) return;
  const source = config.encryptionKey
    ? 'WEFT_ENCRYPTION_KEY'
    : `the key file ${path.join(config.dataDir, 'encryption.key')}`;
  throw new ConfigError([
    `WEFT_ENCRYPTION_KEY: ${source} is not the key this database was sealed with; start Weft with that key (every process on one database needs the same WEFT_ENCRYPTION_KEY)`,
  ]);
}
