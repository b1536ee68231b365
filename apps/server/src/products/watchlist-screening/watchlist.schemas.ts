import { Type } from '@sinclair/typebox';
import { NonEmpty, Nullable, plaidBody } from '../../http/schema-kit';

const Date8601 = () => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Country = () => Type.String({ pattern: '^[A-Za-z]{2}$' });
const Status = Type.Union([
  Type.Literal('cleared'),
  Type.Literal('pending_review'),
  Type.Literal('rejected'),
]);
const Cursor = Type.Optional(Nullable(Type.String()));
const HitIds = Type.Array(NonEmpty({ maxLength: 64 }));
const Name = () => NonEmpty({ maxLength: 200 });
const Doc = () => NonEmpty({ maxLength: 64 });

/** /watchlist_screening/individual/create */
export const IndividualCreateBody = plaidBody({
  search_terms: Type.Object({
    watchlist_program_id: NonEmpty(),
    legal_name: Name(),
    date_of_birth: Type.Optional(Date8601()),
    document_number: Type.Optional(Doc()),
    country: Type.Optional(Country()),
  }),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
});

/** /watchlist_screening/entity/create */
export const EntityCreateBody = plaidBody({
  search_terms: Type.Object({
    entity_watchlist_program_id: NonEmpty(),
    legal_name: Name(),
    document_number: Type.Optional(Doc()),
    email_address: Type.Optional(NonEmpty({ maxLength: 254 })),
    country: Type.Optional(Country()),
    phone_number: Type.Optional(NonEmpty({ maxLength: 32 })),
    url: Type.Optional(NonEmpty({ maxLength: 2048 })),
  }),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
});

/** /watchlist_screening/individual/update */
export const IndividualUpdateBody = plaidBody({
  watchlist_screening_id: NonEmpty(),
  search_terms: Type.Optional(
    Type.Object({
      watchlist_program_id: Type.Optional(NonEmpty()),
      legal_name: Type.Optional(Name()),
      date_of_birth: Type.Optional(Date8601()),
      document_number: Type.Optional(Doc()),
      country: Type.Optional(Country()),
    }),
  ),
  assignee: Type.Optional(NonEmpty({ maxLength: 64 })),
  status: Type.Optional(Status),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
  reset_fields: Type.Optional(Type.Array(Type.Literal('assignee'))),
});

/** /watchlist_screening/entity/update */
export const EntityUpdateBody = plaidBody({
  entity_watchlist_screening_id: NonEmpty(),
  search_terms: Type.Optional(
    Type.Object({
      entity_watchlist_program_id: NonEmpty(),
      legal_name: Type.Optional(Name()),
      document_number: Type.Optional(Doc()),
      email_address: Type.Optional(NonEmpty({ maxLength: 254 })),
      country: Type.Optional(Country()),
      phone_number: Type.Optional(NonEmpty({ maxLength: 32 })),
      url: Type.Optional(NonEmpty({ maxLength: 2048 })),
    }),
  ),
  assignee: Type.Optional(NonEmpty({ maxLength: 64 })),
  status: Type.Optional(Status),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
  reset_fields: Type.Optional(Type.Array(Type.Literal('assignee'))),
});

/** get of either kind. */
export const IndividualGetBody = plaidBody({ watchlist_screening_id: NonEmpty() });
export const EntityGetBody = plaidBody({ entity_watchlist_screening_id: NonEmpty() });

/** history/list, hit/list and review/list of either kind. */
export const IndividualPagedBody = plaidBody({ watchlist_screening_id: NonEmpty(), cursor: Cursor });
export const EntityPagedBody = plaidBody({ entity_watchlist_screening_id: NonEmpty(), cursor: Cursor });

/** list of either kind. */
export const IndividualListBody = plaidBody({
  watchlist_program_id: NonEmpty(),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
  status: Type.Optional(Status),
  assignee: Type.Optional(NonEmpty({ maxLength: 64 })),
  cursor: Cursor,
});
export const EntityListBody = plaidBody({
  entity_watchlist_program_id: NonEmpty(),
  client_user_id: Type.Optional(NonEmpty({ maxLength: 128 })),
  status: Type.Optional(Status),
  assignee: Type.Optional(NonEmpty({ maxLength: 64 })),
  cursor: Cursor,
});

/** review/create of either kind. */
export const IndividualReviewBody = plaidBody({
  watchlist_screening_id: NonEmpty(),
  confirmed_hits: HitIds,
  dismissed_hits: HitIds,
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const EntityReviewBody = plaidBody({
  entity_watchlist_screening_id: NonEmpty(),
  confirmed_hits: HitIds,
  dismissed_hits: HitIds,
  comment: Type.Optional(Type.String({ maxLength: 1000 })),
});

/** program/get and program/list of either kind. */
export const IndividualProgramGetBody = plaidBody({ watchlist_program_id: NonEmpty() });
export const EntityProgramGetBody = plaidBody({ entity_watchlist_program_id: NonEmpty() });
export const ProgramListBody = plaidBody({ cursor: Cursor });
