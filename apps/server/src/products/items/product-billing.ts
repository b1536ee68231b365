import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { Clock } from '../../lib/clock';
import { ItemsRepository } from './items.repository';

/**
 * Adds a product to an Item's billed products the first time the app uses it, as Plaid does when
 * /auth/get or /identity/get is called on an Item linked without that product. Returns the Item
 * as it now stands, so the response's `item` shows the product as billed.
 */
export async function billProduct(
  db: Db,
  clock: Clock,
  item: ItemsTable,
  product: string,
): Promise<ItemsTable> {
  const billed = parseList(item.products);
  if (billed.includes(product)) return item;
  const products = JSON.stringify([...billed, product].sort());
  const available = JSON.stringify(parseList(item.available_products).filter((p) => p !== product));
  const updated_at = clock.now().toISOString();
  await new ItemsRepository(db).update(item.client_id, item.item_id, {
    products,
    available_products: available,
    updated_at,
  });
  return { ...item, products, available_products: available, updated_at };
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
