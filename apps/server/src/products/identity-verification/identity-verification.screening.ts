import type { Db } from '../../db/schema';
import type { ScreeningIndex } from '../../engines/screening';
import type { WatchlistService } from '../watchlist-screening/watchlist.service';
import type { WatchlistScreener } from './identity-verification.steps';

/**
 * The watchlist_screening step through Monitor: the user's legal name, date of birth and country
 * screened as an individual under the client's default program, in the session's transaction, so
 * the step's `watchlist_screening_id` is a screening /watchlist_screening/individual/get returns.
 * A session retried with the same person reuses its previous attempt's screening. Monitor's
 * status becomes the step's: cleared passes, a hit awaiting review holds the step for review, and
 * a confirmed hit (rejected) fails it. Without a name there is nobody to screen, and it passes.
 */
export function monitorScreener(
  trx: Db,
  monitor: WatchlistService,
  lists: { index: ScreeningIndex; key: string },
  clientId: string,
  clientUserId: string,
  reuseId: string | null,
): WatchlistScreener {
  return async (user) => {
    if (!user.name) return { screeningId: null, status: 'success' };
    const view = await monitor.screenIndividualWithin(
      trx,
      lists,
      clientId,
      {
        legal_name: `${user.name.given_name} ${user.name.family_name}`,
        date_of_birth: user.date_of_birth,
        document_number: null,
        country: user.address?.country ?? null,
        email_address: null,
        phone_number: null,
        url: null,
      },
      clientUserId,
      reuseId,
    );
    const status = view.row.status;
    return {
      screeningId: view.row.screening_id,
      status: status === 'cleared' ? 'success' : status === 'rejected' ? 'failed' : 'pending_review',
    };
  };
}
