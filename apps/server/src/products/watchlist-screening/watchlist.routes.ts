import type {
  EntityWatchlistScreening,
  EntityWatchlistScreeningHit,
  EntityWatchlistScreeningReview,
  WatchlistScreeningEntityCreateResponse,
  WatchlistScreeningEntityGetResponse,
  WatchlistScreeningEntityHistoryListResponse,
  WatchlistScreeningEntityListResponse,
  WatchlistScreeningEntityReviewCreateResponse,
  WatchlistScreeningEntityUpdateResponse,
  WatchlistScreeningHit,
  WatchlistScreeningIndividual,
  WatchlistScreeningIndividualCreateResponse,
  WatchlistScreeningIndividualGetResponse,
  WatchlistScreeningIndividualHistoryListResponse,
  WatchlistScreeningIndividualListResponse,
  WatchlistScreeningIndividualReviewCreateResponse,
  WatchlistScreeningIndividualUpdateResponse,
  WatchlistScreeningReview,
} from 'plaid';
import type { WeftApp, WeftContext } from '../../app-context';
import type { Reply } from '../../http/reply';
import { ListsService } from './lists.service';
import {
  presentEntity,
  presentHit,
  presentIndividual,
  presentProgram,
  presentReview,
} from './watchlist.presenter';
import {
  EntityCreateBody,
  EntityGetBody,
  EntityListBody,
  EntityPagedBody,
  EntityProgramGetBody,
  EntityReviewBody,
  EntityUpdateBody,
  IndividualCreateBody,
  IndividualGetBody,
  IndividualListBody,
  IndividualPagedBody,
  IndividualProgramGetBody,
  IndividualReviewBody,
  IndividualUpdateBody,
  ProgramListBody,
} from './watchlist.schemas';
import { offsetOf, PAGE_SIZE, page, WatchlistService } from './watchlist.service';

const I = '/watchlist_screening/individual';
const E = '/watchlist_screening/entity';

/** The services of Monitor, one per app, so the command line and the routes share them. */
const services = new WeakMap<WeftContext, { lists: ListsService; watchlist: WatchlistService }>();

/** Monitor's services for this app (made on first use). */
export function watchlistServices(ctx: WeftContext): { lists: ListsService; watchlist: WatchlistService } {
  let s = services.get(ctx);
  if (!s) {
    const lists = new ListsService(ctx.db, ctx.clock);
    s = { lists, watchlist: new WatchlistService(ctx.db, ctx.clock, ctx.secretBox, lists) };
    services.set(ctx, s);
  }
  return s;
}

const termsOf = (t: {
  legal_name: string;
  date_of_birth?: string;
  document_number?: string;
  country?: string;
  email_address?: string;
  phone_number?: string;
  url?: string;
}) => ({
  legal_name: t.legal_name,
  date_of_birth: t.date_of_birth ?? null,
  document_number: t.document_number ?? null,
  country: t.country?.toUpperCase() ?? null,
  email_address: t.email_address ?? null,
  phone_number: t.phone_number ?? null,
  url: t.url ?? null,
});

/** Monitor: /watchlist_screening/individual/* and /watchlist_screening/entity/*. */
export async function watchlistRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const { watchlist } = watchlistServices(ctx);

  app.post(`${I}/create`, { schema: { body: IndividualCreateBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const t = req.body.search_terms;
    const v = await watchlist.create(
      clientId,
      'individual',
      t.watchlist_program_id,
      termsOf(t),
      req.body.client_user_id ?? null,
    );
    return presentIndividual(v.row, v.terms) satisfies Reply<WatchlistScreeningIndividualCreateResponse>;
  });
  app.post(`${E}/create`, { schema: { body: EntityCreateBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const t = req.body.search_terms;
    const v = await watchlist.create(
      clientId,
      'entity',
      t.entity_watchlist_program_id,
      termsOf(t),
      req.body.client_user_id ?? null,
    );
    return presentEntity(v.row, v.terms) satisfies Reply<WatchlistScreeningEntityCreateResponse>;
  });

  app.post(`${I}/get`, { schema: { body: IndividualGetBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const v = await watchlist.get(clientId, 'individual', req.body.watchlist_screening_id);
    return presentIndividual(v.row, v.terms) satisfies Reply<WatchlistScreeningIndividualGetResponse>;
  });
  app.post(`${E}/get`, { schema: { body: EntityGetBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const v = await watchlist.get(clientId, 'entity', req.body.entity_watchlist_screening_id);
    return presentEntity(v.row, v.terms) satisfies Reply<WatchlistScreeningEntityGetResponse>;
  });

  app.post(`${I}/list`, { schema: { body: IndividualListBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const r = await watchlist.list(
      clientId,
      'individual',
      {
        programId: b.watchlist_program_id,
        clientUserId: b.client_user_id,
        status: b.status,
        assignee: b.assignee,
      },
      b.cursor ?? undefined,
    );
    return {
      watchlist_screenings: r.items.map((v) => presentIndividual(v.row, v.terms)),
      next_cursor: r.next,
    } satisfies Reply<WatchlistScreeningIndividualListResponse>;
  });
  app.post(`${E}/list`, { schema: { body: EntityListBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const r = await watchlist.list(
      clientId,
      'entity',
      {
        programId: b.entity_watchlist_program_id,
        clientUserId: b.client_user_id,
        status: b.status,
        assignee: b.assignee,
      },
      b.cursor ?? undefined,
    );
    return {
      entity_watchlist_screenings: r.items.map((v) => presentEntity(v.row, v.terms)),
      next_cursor: r.next,
    } satisfies Reply<WatchlistScreeningEntityListResponse>;
  });

  app.post(`${I}/update`, { schema: { body: IndividualUpdateBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const { watchlist_program_id, ...terms } = b.search_terms ?? {};
    const v = await watchlist.update(clientId, 'individual', b.watchlist_screening_id, {
      terms: { ...terms, country: terms.country?.toUpperCase(), program_id: watchlist_program_id },
      status: b.status,
      assignee: b.assignee,
      clientUserId: b.client_user_id,
      resetAssignee: b.reset_fields?.includes('assignee'),
    });
    return presentIndividual(v.row, v.terms) satisfies Reply<WatchlistScreeningIndividualUpdateResponse>;
  });
  app.post(`${E}/update`, { schema: { body: EntityUpdateBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const { entity_watchlist_program_id, ...terms } = b.search_terms ?? {
      entity_watchlist_program_id: undefined,
      country: undefined,
    };
    const v = await watchlist.update(clientId, 'entity', b.entity_watchlist_screening_id, {
      terms: { ...terms, country: terms.country?.toUpperCase(), program_id: entity_watchlist_program_id },
      status: b.status,
      assignee: b.assignee,
      clientUserId: b.client_user_id,
      resetAssignee: b.reset_fields?.includes('assignee'),
    });
    return presentEntity(v.row, v.terms) satisfies Reply<WatchlistScreeningEntityUpdateResponse>;
  });

  app.post(`${I}/history/list`, { schema: { body: IndividualPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.history(
      clientId,
      'individual',
      req.body.watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      // Each state was kept as presentScreening gave it for this kind.
      watchlist_screenings: r.items as WatchlistScreeningIndividual[],
      next_cursor: r.next,
    } satisfies Reply<WatchlistScreeningIndividualHistoryListResponse>;
  });
  app.post(`${E}/history/list`, { schema: { body: EntityPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.history(
      clientId,
      'entity',
      req.body.entity_watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      entity_watchlist_screenings: r.items as EntityWatchlistScreening[],
      next_cursor: r.next,
    } satisfies Reply<WatchlistScreeningEntityHistoryListResponse>;
  });

  app.post(`${I}/hit/list`, { schema: { body: IndividualPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.hits(
      clientId,
      'individual',
      req.body.watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      watchlist_screening_hits: r.items.map(presentHit) as WatchlistScreeningHit[],
      next_cursor: r.next,
    };
  });
  app.post(`${E}/hit/list`, { schema: { body: EntityPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.hits(
      clientId,
      'entity',
      req.body.entity_watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      entity_watchlist_screening_hits: r.items.map(presentHit) as EntityWatchlistScreeningHit[],
      next_cursor: r.next,
    };
  });

  app.post(`${I}/review/create`, { schema: { body: IndividualReviewBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const r = await watchlist.review(
      clientId,
      'individual',
      b.watchlist_screening_id,
      b.confirmed_hits,
      b.dismissed_hits,
      b.comment ?? null,
    );
    return presentReview(r) satisfies Reply<WatchlistScreeningIndividualReviewCreateResponse>;
  });
  app.post(`${E}/review/create`, { schema: { body: EntityReviewBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const r = await watchlist.review(
      clientId,
      'entity',
      b.entity_watchlist_screening_id,
      b.confirmed_hits,
      b.dismissed_hits,
      b.comment ?? null,
    );
    return presentReview(r) satisfies Reply<WatchlistScreeningEntityReviewCreateResponse>;
  });

  app.post(`${I}/review/list`, { schema: { body: IndividualPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.reviews(
      clientId,
      'individual',
      req.body.watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      watchlist_screening_reviews: r.items.map(presentReview) as WatchlistScreeningReview[],
      next_cursor: r.next,
    };
  });
  app.post(`${E}/review/list`, { schema: { body: EntityPagedBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const r = await watchlist.reviews(
      clientId,
      'entity',
      req.body.entity_watchlist_screening_id,
      req.body.cursor ?? undefined,
    );
    return {
      entity_watchlist_screening_reviews: r.items.map(presentReview) as EntityWatchlistScreeningReview[],
      next_cursor: r.next,
    };
  });

  app.post(`${I}/program/get`, { schema: { body: IndividualProgramGetBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    return presentProgram(
      await watchlist.programs.resolve(clientId, 'individual', req.body.watchlist_program_id),
    );
  });
  app.post(`${E}/program/get`, { schema: { body: EntityProgramGetBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    return presentProgram(
      await watchlist.programs.resolve(clientId, 'entity', req.body.entity_watchlist_program_id),
    );
  });

  app.post(`${I}/program/list`, { schema: { body: ProgramListBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const offset = offsetOf(req.body.cursor ?? undefined);
    const r = page(await watchlist.programs.list(clientId, 'individual', offset, PAGE_SIZE + 1), offset);
    return { watchlist_programs: r.items.map(presentProgram), next_cursor: r.next };
  });
  app.post(`${E}/program/list`, { schema: { body: ProgramListBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const offset = offsetOf(req.body.cursor ?? undefined);
    const r = page(await watchlist.programs.list(clientId, 'entity', offset, PAGE_SIZE + 1), offset);
    return { entity_watchlist_programs: r.items.map(presentProgram), next_cursor: r.next };
  });
}
