import {
  INDIVIDUAL_LIST_CODES,
  type ListCode,
  type ScreeningIndex,
  screenIndividual,
} from '../../engines/screening';
import { seededId } from '../../lib/ids';
import type { WatchlistScreener } from './identity-verification.steps';

/**
 * The watchlist_screening step through the screening engine: the user's legal name, date of
 * birth and country against every individual list of an index. A hit leaves the step pending
 * review; the screening id is derived from the session's client and user, so it is stable.
 */
export function engineScreener(
  index: ScreeningIndex,
  clientId: string,
  clientUserId: string,
): WatchlistScreener {
  return async (user) => {
    if (!user.name) return { screeningId: null, status: 'success' };
    const hits = screenIndividual(
      index,
      {
        name: `${user.name.given_name} ${user.name.family_name}`,
        dateOfBirth: user.date_of_birth,
        country: user.address?.country ?? null,
        documentNumber: null,
        email: null,
        phone: null,
        url: null,
      },
      { lists: [...INDIVIDUAL_LIST_CODES] as ListCode[], sensitivity: 'balanced' },
    );
    return {
      screeningId: `scr_${seededId(`idv-screening:${clientId}:${clientUserId}`, 14)}`,
      status: hits.length > 0 ? 'pending_review' : 'success',
    };
  };
}
