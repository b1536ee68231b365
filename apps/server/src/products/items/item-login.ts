import type { LinkedSource } from '../../connectors/connector';
import type { ItemsTable } from '../../db/tables/core';

/**
 * The linked login an Item was created from, as its connector needs it to read again. Parsed
 * defensively from `items.login` (written at Item creation): old or foreign rows still work, and
 * an Item without a seed is seeded by its id. Its secrets travel sealed: only a connector bound
 * to the key opens them.
 */
export function linkedSourceOf(item: ItemsTable): LinkedSource {
  let parsed: { username?: unknown; seed?: unknown; extra?: unknown };
  try {
    parsed = JSON.parse(item.login) as typeof parsed;
  } catch {
    parsed = {};
  }
  const extra = parsed.extra;
  return {
    institutionId: item.institution_id,
    login: {
      username: typeof parsed.username === 'string' ? parsed.username : '',
      seed: typeof parsed.seed === 'string' && parsed.seed ? parsed.seed : item.item_id,
      ...(extra && typeof extra === 'object' && !Array.isArray(extra)
        ? { extra: extra as Record<string, unknown> }
        : {}),
    },
    ...(item.credentials_sealed ? { sealedSecrets: item.credentials_sealed } : {}),
  };
}
