import path from 'node:path';
import { Configuration, PlaidApi, WatchlistScreeningStatus } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../../test/harness';
import { startReceiver, type WebhookReceiver } from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { importLists, programsCommand } from './watchlist.command';

const FIXTURES = path.resolve(__dirname, '../../engines/screening/fixtures');
const fixture = (...names: string[]) => names.map((n) => path.join(FIXTURES, n));
const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};
type Failure = { response?: { status: number; data: { error_code: string } } };
const quiet = () => {};

/** Monitor through the official client over real HTTP, its webhook delivered, and tenant isolation. */
describe('the official plaid client drives Monitor', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    const basePath = await w.listen();
    const client = (keys: TestWeft['clientA']) =>
      new PlaidApi(
        new Configuration({
          basePath,
          baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
        }),
      );
    a = client(w.clientA);
    b = client(w.clientB);
    await importLists(w.ctx, fixture('sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'), quiet, quiet);
  });
  afterAll(async () => {
    await w?.close();
    await rx?.close();
  });

  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      return (e as Failure).response;
    }
    throw new Error('expected the call to fail');
  };

  it('screens, reviews and lists individuals and entities, and receives STATUS_UPDATED when a list changes', async () => {
    const programs = (await a.watchlistScreeningIndividualProgramList({})).data.watchlist_programs;
    const program = programs[0]!.id;
    expect((await a.watchlistScreeningIndividualProgramGet({ watchlist_program_id: program })).data.id).toBe(
      program,
    );
    await programsCommand(
      w.ctx,
      ['update', '--client-id', w.clientA.clientId, '--program', program, '--webhook', rx.url],
      quiet,
      quiet,
    );

    const hit = (
      await a.watchlistScreeningIndividualCreate({
        search_terms: {
          watchlist_program_id: program,
          legal_name: 'Yelena Petrovna Vorontsova',
          date_of_birth: '1980-03-03',
        },
        client_user_id: 'sdk-user',
      })
    ).data;
    expect(hit.status).toBe(WatchlistScreeningStatus.PendingReview);
    const hits = (await a.watchlistScreeningIndividualHitList({ watchlist_screening_id: hit.id })).data;
    expect(hits.watchlist_screening_hits.map((h) => h.source_uid)).toEqual(['101']);
    const review = (
      await a.watchlistScreeningIndividualReviewCreate({
        watchlist_screening_id: hit.id,
        confirmed_hits: [],
        dismissed_hits: [hits.watchlist_screening_hits[0]!.id],
      })
    ).data;
    expect(
      (
        await a.watchlistScreeningIndividualReviewList({ watchlist_screening_id: hit.id })
      ).data.watchlist_screening_reviews.map((r) => r.id),
    ).toEqual([review.id]);
    expect((await a.watchlistScreeningIndividualGet({ watchlist_screening_id: hit.id })).data.status).toBe(
      'cleared',
    );
    const updated = (
      await a.watchlistScreeningIndividualUpdate({ watchlist_screening_id: hit.id, assignee: 'me' })
    ).data;
    expect(updated.assignee).toBe('me');
    expect(
      (await a.watchlistScreeningIndividualHistoryList({ watchlist_screening_id: hit.id })).data
        .watchlist_screenings.length,
    ).toBeGreaterThanOrEqual(2);
    expect(
      (
        await a.watchlistScreeningIndividualList({ watchlist_program_id: program })
      ).data.watchlist_screenings.map((s) => s.id),
    ).toContain(hit.id);

    const entityProgram = (await a.watchlistScreeningEntityProgramList({})).data.entity_watchlist_programs[0]!
      .id;
    expect(
      (await a.watchlistScreeningEntityProgramGet({ entity_watchlist_program_id: entityProgram })).data.id,
    ).toBe(entityProgram);
    const ent = (
      await a.watchlistScreeningEntityCreate({
        search_terms: { entity_watchlist_program_id: entityProgram, legal_name: 'Blue Heron Traders' },
      })
    ).data;
    expect(ent.status).toBe('pending_review');
    const entHits = (await a.watchlistScreeningEntityHitList({ entity_watchlist_screening_id: ent.id })).data;
    expect(entHits.entity_watchlist_screening_hits).toHaveLength(1);
    await a.watchlistScreeningEntityReviewCreate({
      entity_watchlist_screening_id: ent.id,
      confirmed_hits: [entHits.entity_watchlist_screening_hits[0]!.id],
      dismissed_hits: [],
    });
    expect((await a.watchlistScreeningEntityGet({ entity_watchlist_screening_id: ent.id })).data.status).toBe(
      'rejected',
    );
    expect(
      (await a.watchlistScreeningEntityReviewList({ entity_watchlist_screening_id: ent.id })).data
        .entity_watchlist_screening_reviews,
    ).toHaveLength(1);
    expect(
      (await a.watchlistScreeningEntityHistoryList({ entity_watchlist_screening_id: ent.id })).data
        .entity_watchlist_screenings,
    ).toHaveLength(2);
    expect(
      (await a.watchlistScreeningEntityList({ entity_watchlist_program_id: entityProgram })).data
        .entity_watchlist_screenings,
    ).toHaveLength(1);
    expect(
      (
        await a.watchlistScreeningEntityUpdate({
          entity_watchlist_screening_id: ent.id,
          status: WatchlistScreeningStatus.Cleared,
        })
      ).data.status,
    ).toBe('cleared');

    // A person on no list yet; the UN list arrives and puts them up for review.
    const later = (
      await a.watchlistScreeningIndividualCreate({
        search_terms: { watchlist_program_id: program, legal_name: 'Tomas Zelenka' },
      })
    ).data;
    expect(later.status).toBe('cleared');
    await importLists(w.ctx, fixture('un.xml'), quiet, quiet);
    const [hook] = await rx.waitFor(
      1,
      (h) => h.json.webhook_type === 'SCREENING' && h.json.screening_id === later.id,
    );
    expect(hook!.json).toMatchObject({ webhook_code: 'STATUS_UPDATED', environment: 'sandbox' });
    expect(webhookProblems('ScreeningStatusUpdatedWebhook', hook!.json) ?? []).toEqual([]);
    expect((await a.watchlistScreeningIndividualGet({ watchlist_screening_id: later.id })).data.status).toBe(
      'pending_review',
    );
  });

  it("keeps each client's screenings and programs its own: client B can neither read, change nor review A's", async () => {
    const program = (await a.watchlistScreeningIndividualProgramList({})).data.watchlist_programs[0]!.id;
    const entityProgram = (await a.watchlistScreeningEntityProgramList({})).data.entity_watchlist_programs[0]!
      .id;
    const s = (
      await a.watchlistScreeningIndividualCreate({
        search_terms: { watchlist_program_id: program, legal_name: 'Karim Al Farsi' },
      })
    ).data;
    const hitId = (await a.watchlistScreeningIndividualHitList({ watchlist_screening_id: s.id })).data
      .watchlist_screening_hits[0]!.id;
    const e = (
      await a.watchlistScreeningEntityCreate({
        search_terms: { entity_watchlist_program_id: entityProgram, legal_name: 'Morning Cormorant' },
      })
    ).data;
    // Called one at a time, so each refusal is awaited as it happens.
    const attempts: [string, () => Promise<unknown>][] = [
      ['get', () => b.watchlistScreeningIndividualGet({ watchlist_screening_id: s.id })],
      [
        'update',
        () =>
          b.watchlistScreeningIndividualUpdate({
            watchlist_screening_id: s.id,
            status: WatchlistScreeningStatus.Cleared,
          }),
      ],
      [
        'review',
        () =>
          b.watchlistScreeningIndividualReviewCreate({
            watchlist_screening_id: s.id,
            confirmed_hits: [hitId],
            dismissed_hits: [],
          }),
      ],
      ['reviews', () => b.watchlistScreeningIndividualReviewList({ watchlist_screening_id: s.id })],
      ['hits', () => b.watchlistScreeningIndividualHitList({ watchlist_screening_id: s.id })],
      ['history', () => b.watchlistScreeningIndividualHistoryList({ watchlist_screening_id: s.id })],
      ['program', () => b.watchlistScreeningIndividualProgramGet({ watchlist_program_id: program })],
      ['list', () => b.watchlistScreeningIndividualList({ watchlist_program_id: program })],
      [
        'create',
        () =>
          b.watchlistScreeningIndividualCreate({
            search_terms: { watchlist_program_id: program, legal_name: 'X Y' },
          }),
      ],
      ['entity get', () => b.watchlistScreeningEntityGet({ entity_watchlist_screening_id: e.id })],
      [
        'entity update',
        () => b.watchlistScreeningEntityUpdate({ entity_watchlist_screening_id: e.id, assignee: 'b' }),
      ],
      ['entity hits', () => b.watchlistScreeningEntityHitList({ entity_watchlist_screening_id: e.id })],
      [
        'entity program',
        () => b.watchlistScreeningEntityProgramGet({ entity_watchlist_program_id: entityProgram }),
      ],
    ];
    for (const [name, p] of attempts) {
      const r = await failure(p());
      expect(r?.status, name).toBe(400);
      expect(r?.data.error_code, name).toBe('INVALID_FIELD');
    }
    // Nothing B tried changed A's screening, and B's own lists hold none of A's.
    const after = (await a.watchlistScreeningIndividualGet({ watchlist_screening_id: s.id })).data;
    expect(after).toMatchObject({ status: 'pending_review', assignee: null });
    expect(
      (await a.watchlistScreeningIndividualReviewList({ watchlist_screening_id: s.id })).data
        .watchlist_screening_reviews,
    ).toEqual([]);
    const bPrograms = (await b.watchlistScreeningIndividualProgramList({})).data.watchlist_programs;
    expect(bPrograms.map((p) => p.id)).not.toContain(program);
    const bList = (await b.watchlistScreeningIndividualList({ watchlist_program_id: bPrograms[0]!.id })).data;
    expect(bList.watchlist_screenings).toEqual([]);
  });
});
