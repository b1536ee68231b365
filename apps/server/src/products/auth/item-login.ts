import type { ItemsTable } from '../../db/tables/core';

/** What Auth and Identity read from an Item's stored login. */
export interface ItemLogin {
  username: string;
  seed: string;
  /** One of the sandbox's familiar test users (user_good and friends), whose data Plaid documents. */
  familiar: boolean;
  /** A custom sandbox user's `override_accounts`, in account order. */
  overrides: Record<string, unknown>[];
}

/** Parses `items.login` (written at Item creation) defensively: old or foreign rows still work. */
export function parseLogin(item: ItemsTable): ItemLogin {
  let parsed: {
    username?: unknown;
    seed?: unknown;
    extra?: { custom?: { override_accounts?: unknown } } | null;
  };
  try {
    parsed = JSON.parse(item.login) as typeof parsed;
  } catch {
    parsed = {};
  }
  const username = typeof parsed.username === 'string' ? parsed.username : '';
  const seed = typeof parsed.seed === 'string' && parsed.seed ? parsed.seed : item.item_id;
  const custom = parsed.extra?.custom;
  const overrides = Array.isArray(custom?.override_accounts)
    ? (custom.override_accounts as unknown[]).map((o) =>
        o && typeof o === 'object' ? (o as Record<string, unknown>) : {},
      )
    : [];
  return {
    username,
    seed,
    familiar: item.connector === 'sandbox' && !custom && username !== '',
    overrides,
  };
}

/** The custom override of the account at `position`, with its `numbers` and `identity` objects. */
export function overrideFor(
  login: ItemLogin,
  position: number,
): { numbers?: Record<string, string>; identity?: Record<string, unknown> } | undefined {
  const o = login.overrides[position];
  if (!o) return undefined;
  return {
    ...(isObject(o.numbers) ? { numbers: stringFields(o.numbers) } : {}),
    ...(isObject(o.identity) ? { identity: o.identity } : {}),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

function stringFields(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The country an Item's accounts are held in: their currency decides (a GBP account at a
 * multi-country bank is a UK account), then the institution's first non-UK country.
 */
export function accountCountry(countryCodes: readonly string[], currency: string | null): string {
  if (currency === 'USD') return 'US';
  if (currency === 'CAD') return 'CA';
  if (currency === 'GBP') return 'GB';
  return countryCodes.find((c) => c !== 'GB') ?? countryCodes[0] ?? 'US';
}
