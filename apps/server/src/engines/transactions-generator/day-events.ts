import type { GenAccount, GenEvent, GenLocation, Roles } from './events';
import type { Rng } from './rng';

/** Where an event happened when it happened nowhere in particular (online, a transfer). */
export const NO_LOCATION: GenLocation = {
  address: null,
  city: null,
  region: null,
  postal_code: null,
  country: null,
  lat: null,
  lon: null,
  store_number: null,
};

/**
 * The events of one day, in the order they are drawn. A class rather than closures made anew for
 * each day: a history is hundreds of days, and this runs for each when an Item loads its history.
 */
export class DayEvents {
  readonly out: GenEvent[] = [];

  constructor(
    private readonly date: string,
    private readonly day: number,
    private readonly rng: Rng,
  ) {}

  /** An event on the account, unless there is no such account or nothing moves. */
  add(
    tag: string,
    account: GenAccount | null,
    amount: number,
    description: string,
    extra: Partial<GenEvent> = {},
  ): void {
    if (!account || amount === 0) return;
    this.out.push({
      key: `${this.date}:${tag}`,
      accountId: account.id,
      day: this.day,
      lag: 0,
      amount,
      pendingAmount: amount,
      adjustsTo: null,
      drops: false,
      description,
      location: NO_LOCATION,
      mcc: null,
      series: null,
      minute: this.rng.int(6 * 60, 22 * 60),
      ...extra,
    });
  }
}

/** The account a purchase goes on: mostly the first card, else checking. */
export function spendAccount(r: Roles, rng: Rng): GenAccount | null {
  return r.cards[0] && (rng.chance(0.6) || !r.checking) ? r.cards[0] : r.checking;
}
