import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { importLists, programsCommand } from './watchlist.command';

/** Weft's own invented list files, one per format, beside the engine. */
const FIXTURES = path.resolve(__dirname, '../../engines/screening/fixtures');
const fixture = (...names: string[]) => names.map((n) => path.join(FIXTURES, n));
const SDN = fixture('sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv');

type Body = Record<string, unknown> & {
  id: string;
  status: string;
  search_terms: Record<string, unknown>;
  error_code?: string;
  error_type?: string;
};
interface Hit {
  id: string;
  review_status: string;
  list_code: string;
  source_uid: string;
  analysis: Record<string, unknown>;
  data: { names: { data: { full: string } }[]; dates_of_birth?: unknown[] };
}

describe('/watchlist_screening/*', () => {
  let w: TestWeft;
  let individualProgram: string;
  let entityProgram: string;
  const lines: string[] = [];
  const call = <T = Body>(url: string, body: Record<string, unknown>, keys = w.clientA) =>
    post<T>(w, `/watchlist_screening/${url}`, { ...auth(keys), ...body });

  beforeAll(async () => {
    w = await createTestWeft();
    expect(
      await importLists(
        w.ctx,
        SDN,
        (l) => lines.push(l),
        (l) => lines.push(l),
      ),
    ).toBe(0);
    const ind = await call<{ watchlist_programs: { id: string }[] }>('individual/program/list', {});
    individualProgram = ind.body.watchlist_programs[0]!.id;
    const ent = await call<{ entity_watchlist_programs: { id: string }[] }>('entity/program/list', {});
    entityProgram = ent.body.entity_watchlist_programs[0]!.id;
  });
  afterAll(() => w?.close());

  it('imports a list with its version and date, one JSON line each, and refuses files it cannot read', async () => {
    const first = JSON.parse(lines[0]!);
    expect(first).toMatchObject({ source: 'ofac_sdn', entries: 4, changed: true });
    expect(first.version).toMatch(/^[0-9a-f]{16}$/);
    expect(first.published_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const errs: string[] = [];
    expect(
      await importLists(
        w.ctx,
        [path.join(FIXTURES, '../normalize.ts')],
        () => {},
        (l) => errs.push(l),
      ),
    ).toBe(1);
    expect(
      await importLists(
        w.ctx,
        ['/nonexistent/sdn.csv'],
        () => {},
        (l) => errs.push(l),
      ),
    ).toBe(1);
    expect(
      await importLists(
        w.ctx,
        [],
        () => {},
        (l) => errs.push(l),
      ),
    ).toBe(2);
    expect(JSON.parse(errs[0]!).error).toMatch(/not a list format/);
  });

  it("gives each client a default program of each kind, in Plaid's shape", async () => {
    const r = await call('individual/program/get', { watchlist_program_id: individualProgram });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: individualProgram,
      name_sensitivity: 'balanced',
      is_rescanning_enabled: true,
      is_archived: false,
      audit_trail: { source: 'system', dashboard_user_id: null },
    });
    expect(r.body.lists_enabled).toContain('US_SDN');
    const e = await call('entity/program/get', { entity_watchlist_program_id: entityProgram });
    expect(e.body.lists_enabled).toContain('US_TEL');
    expect(entityProgram).toMatch(/^entprg_/);
  });

  it('makes a well-formed unknown program id from the default on first use in the sandbox, and refuses a malformed one', async () => {
    const made = await call('individual/program/get', { watchlist_program_id: 'prg_SandboxMade01' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ id: 'prg_SandboxMade01', name_sensitivity: 'balanced' });
    const list = await call<{ watchlist_programs: { id: string }[] }>('individual/program/list', {});
    expect(list.body.watchlist_programs.map((p) => p.id)).toContain('prg_SandboxMade01');
    const bad = await call('individual/program/get', { watchlist_program_id: 'program-1' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    const wrongKind = await call('individual/program/get', { watchlist_program_id: entityProgram });
    expect(wrongKind.status).toBe(400);
  });

  it('screens a person: a hit pending review with its matched fields and analysis, then reviewed to cleared', async () => {
    const created = await call('individual/create', {
      search_terms: {
        watchlist_program_id: individualProgram,
        legal_name: 'Elena Vorontsova',
        date_of_birth: '1980-03-03',
        country: 'RU',
        document_number: null,
      },
      client_user_id: 'user-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    expect(created.body).toMatchObject({
      status: 'pending_review',
      client_user_id: 'user-1',
      assignee: null,
      search_terms: {
        watchlist_program_id: individualProgram,
        legal_name: 'Elena Vorontsova',
        date_of_birth: '1980-03-03',
        document_number: null,
        country: 'RU',
        version: 1,
      },
      audit_trail: { source: 'api', dashboard_user_id: null },
    });
    expect(created.body.id).toMatch(/^scr_/);
    const id = created.body.id;

    const got = await call('individual/get', { watchlist_screening_id: id });
    expect(got.body).toEqual({ ...created.body, request_id: got.body.request_id });

    const hits = await call<{ watchlist_screening_hits: Hit[]; next_cursor: null }>('individual/hit/list', {
      watchlist_screening_id: id,
    });
    expect(hits.body.watchlist_screening_hits).toHaveLength(1);
    const hit = hits.body.watchlist_screening_hits[0]!;
    expect(hit).toMatchObject({
      review_status: 'pending_review',
      list_code: 'US_SDN',
      source_uid: '101',
      analysis: {
        names: 'match',
        dates_of_birth: 'match',
        locations: 'match',
        documents: 'no_input',
        search_terms_version: 1,
      },
    });
    expect(hit.id).toMatch(/^scrhit_/);
    expect(hit.data.names.map((n) => n.data.full)).toEqual([
      'VORONTSOVA, Yelena Petrovna',
      'VORONTSOVA, Elena',
    ]);
    expect(hit.data.dates_of_birth).toEqual([
      { analysis: { summary: 'match' }, data: { beginning: '1980-03-03', ending: '1980-03-03' } },
    ]);

    const review = await call('individual/review/create', {
      watchlist_screening_id: id,
      confirmed_hits: [],
      dismissed_hits: [hit.id],
      comment: 'different person',
    });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({
      confirmed_hits: [],
      dismissed_hits: [hit.id],
      comment: 'different person',
    });
    expect((await call('individual/get', { watchlist_screening_id: id })).body.status).toBe('cleared');
    const reviews = await call<{ watchlist_screening_reviews: { id: string }[] }>('individual/review/list', {
      watchlist_screening_id: id,
    });
    expect(reviews.body.watchlist_screening_reviews.map((r) => r.id)).toEqual([review.body.id]);

    // Confirming it rejects the screening; both states are in the history.
    await call('individual/review/create', {
      watchlist_screening_id: id,
      confirmed_hits: [hit.id],
      dismissed_hits: [],
    });
    expect((await call('individual/get', { watchlist_screening_id: id })).body.status).toBe('rejected');
    const history = await call<{ watchlist_screenings: { status: string }[] }>('individual/history/list', {
      watchlist_screening_id: id,
    });
    expect(history.body.watchlist_screenings.map((s) => s.status)).toEqual([
      'pending_review',
      'cleared',
      'rejected',
    ]);

    const unknownHit = await call('individual/review/create', {
      watchlist_screening_id: id,
      confirmed_hits: ['scrhit_nope'],
      dismissed_hits: [],
    });
    expect(unknownHit.status).toBe(400);
    expect(unknownHit.body.error_code).toBe('INVALID_FIELD');
  });

  it('clears a person on no list, and lists screenings of a program by status and client user', async () => {
    const clean = await call('individual/create', {
      search_terms: { watchlist_program_id: individualProgram, legal_name: 'Harriet Quimby' },
      client_user_id: 'user-2',
    });
    expect(clean.body.status).toBe('cleared');
    const hits = await call<{ watchlist_screening_hits: unknown[] }>('individual/hit/list', {
      watchlist_screening_id: clean.body.id,
    });
    expect(hits.body.watchlist_screening_hits).toEqual([]);
    const all = await call<{ watchlist_screenings: { id: string }[]; next_cursor: null }>('individual/list', {
      watchlist_program_id: individualProgram,
    });
    expect(all.body.watchlist_screenings.length).toBeGreaterThanOrEqual(2);
    expect(all.body.next_cursor).toBeNull();
    const cleared = await call<{ watchlist_screenings: { id: string }[] }>('individual/list', {
      watchlist_program_id: individualProgram,
      status: 'cleared',
      client_user_id: 'user-2',
    });
    expect(cleared.body.watchlist_screenings.map((s) => s.id)).toEqual([clean.body.id]);
  });

  it('updates assignee, status and terms; changed terms are screened again as a new version', async () => {
    const c = await call('individual/create', {
      search_terms: { watchlist_program_id: individualProgram, legal_name: 'Harriet Quimby' },
    });
    const id = c.body.id;
    const assigned = await call('individual/update', { watchlist_screening_id: id, assignee: 'reviewer-7' });
    expect(assigned.body).toMatchObject({ assignee: 'reviewer-7', search_terms: { version: 1 } });
    const reset = await call('individual/update', { watchlist_screening_id: id, reset_fields: ['assignee'] });
    expect(reset.body.assignee).toBeNull();
    const renamed = await call('individual/update', {
      watchlist_screening_id: id,
      search_terms: { legal_name: 'Karim Al-Farsi' },
    });
    expect(renamed.body).toMatchObject({
      status: 'pending_review',
      search_terms: { legal_name: 'Karim Al-Farsi', version: 2 },
    });
    const hits = await call<{ watchlist_screening_hits: Hit[] }>('individual/hit/list', {
      watchlist_screening_id: id,
    });
    expect(
      hits.body.watchlist_screening_hits.map((h) => [h.source_uid, h.analysis.search_terms_version]),
    ).toEqual([['104', 2]]);
    const manual = await call('individual/update', { watchlist_screening_id: id, status: 'cleared' });
    expect(manual.body.status).toBe('cleared');
  });

  it('screens an entity by name and by document, with its own id prefixes and fields', async () => {
    const c = await call('entity/create', {
      search_terms: {
        entity_watchlist_program_id: entityProgram,
        legal_name: 'Blue Heron Trading Company',
        country: 'ir',
        url: 'https://blueheron-trading.example',
      },
    });
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.id).toMatch(/^entscr_/);
    expect(c.body).toMatchObject({
      status: 'pending_review',
      search_terms: {
        entity_watchlist_program_id: entityProgram,
        country: 'IR',
        email_address: null,
        version: 1,
      },
    });
    const hits = await call<{ entity_watchlist_screening_hits: Hit[] }>('entity/hit/list', {
      entity_watchlist_screening_id: c.body.id,
    });
    const [hit] = hits.body.entity_watchlist_screening_hits;
    expect(hit).toMatchObject({
      source_uid: '102',
      list_code: 'US_SDN',
      analysis: { locations: 'match', urls: 'match' },
    });
    expect(hit!.id).toMatch(/^enthit_/);
    const byImo = await call('entity/create', {
      search_terms: {
        entity_watchlist_program_id: entityProgram,
        legal_name: 'Some Ship',
        document_number: '9100001',
      },
    });
    expect(byImo.body.status).toBe('pending_review');
    const review = await call('entity/review/create', {
      entity_watchlist_screening_id: c.body.id,
      confirmed_hits: [hit!.id],
      dismissed_hits: [],
    });
    expect(review.body.id).toMatch(/^entrev_/);
    const list = await call<{ entity_watchlist_screenings: { id: string; status: string }[] }>(
      'entity/list',
      {
        entity_watchlist_program_id: entityProgram,
        status: 'rejected',
      },
    );
    expect(list.body.entity_watchlist_screenings.map((s) => s.id)).toEqual([c.body.id]);
    const history = await call<{ entity_watchlist_screenings: unknown[] }>('entity/history/list', {
      entity_watchlist_screening_id: c.body.id,
    });
    expect(history.body.entity_watchlist_screenings).toHaveLength(2);
    const reviews = await call<{ entity_watchlist_screening_reviews: unknown[] }>('entity/review/list', {
      entity_watchlist_screening_id: c.body.id,
    });
    expect(reviews.body.entity_watchlist_screening_reviews).toHaveLength(1);
    const updated = await call('entity/update', {
      entity_watchlist_screening_id: c.body.id,
      search_terms: { entity_watchlist_program_id: entityProgram, email_address: 'ops@blueheron.example' },
    });
    expect(updated.body.search_terms).toMatchObject({ email_address: 'ops@blueheron.example', version: 2 });
  });

  it('refuses bad input with Plaid errors, never a 500', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['individual/create', { search_terms: { watchlist_program_id: individualProgram } }],
      [
        'individual/create',
        {
          search_terms: {
            watchlist_program_id: individualProgram,
            legal_name: 'A',
            date_of_birth: '3 March',
          },
        },
      ],
      [
        'individual/create',
        { search_terms: { watchlist_program_id: individualProgram, legal_name: 'A', country: 'RUS' } },
      ],
      [
        'individual/create',
        { search_terms: { watchlist_program_id: individualProgram, legal_name: 'A', nickname: 'x' } },
      ],
      ['individual/create', { search_terms: { watchlist_program_id: 'prg_', legal_name: 'A' } }],
      ['individual/get', { watchlist_screening_id: 'scr_unknown' }],
      ['individual/list', { watchlist_program_id: individualProgram, cursor: 'not-a-cursor' }],
      ['individual/update', { watchlist_screening_id: 'scr_unknown', status: 'cleared' }],
      ['individual/update', { watchlist_screening_id: 'scr_unknown', status: 'approved' }],
      [
        'entity/create',
        { search_terms: { entity_watchlist_program_id: individualProgram, legal_name: 'A' } },
      ],
      ['entity/review/create', { entity_watchlist_screening_id: 'entscr_x', confirmed_hits: [] }],
    ];
    for (const [url, body] of cases) {
      const r = await call(url, body);
      expect(r.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error_type, url).toMatch(/INVALID_REQUEST|INVALID_INPUT/);
    }
  });

  it('keeps dates of birth and document numbers sealed at rest', async () => {
    await call('individual/create', {
      search_terms: {
        watchlist_program_id: individualProgram,
        legal_name: 'Sealed Person',
        date_of_birth: '1971-07-07',
        document_number: 'ZX998877',
      },
    });
    const rows = await w.ctx.db.selectFrom('watchlist_screenings').selectAll().execute();
    const history = await w.ctx.db.selectFrom('watchlist_screening_history').selectAll().execute();
    const raw = JSON.stringify([rows, history]);
    expect(raw).not.toContain('1971-07-07');
    expect(raw).not.toContain('ZX998877');
    expect(raw).not.toContain('Sealed Person');
  });

  it('monitors: a list change screens monitored screenings again and sends STATUS_UPDATED through the outbox', async () => {
    await programsCommand(
      w.ctx,
      [
        'update',
        '--client-id',
        w.clientA.clientId,
        '--program',
        individualProgram,
        '--webhook',
        'https://hooks.example/monitor',
      ],
      () => {},
      () => {},
    );
    const c = await call('individual/create', {
      search_terms: { watchlist_program_id: individualProgram, legal_name: 'Tomas Zelenka' },
    });
    expect(c.body.status).toBe('cleared');
    const out: string[] = [];
    expect(
      await importLists(
        w.ctx,
        fixture('un.xml'),
        (l) => out.push(l),
        () => {},
      ),
    ).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({
      source: 'un_consolidated',
      published_on: '2026-05-01',
      entries: 2,
    });
    expect(JSON.parse(out.at(-1)!).monitoring.statusChanged).toBeGreaterThanOrEqual(1);
    expect((await call('individual/get', { watchlist_screening_id: c.body.id })).body.status).toBe(
      'pending_review',
    );
    const events = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_type', 'webhook_code', 'payload', 'webhook_url', 'status'])
      .where('webhook_type', '=', 'SCREENING')
      .execute();
    const mine = events.filter((e) => JSON.parse(e.payload).screening_id === c.body.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      webhook_code: 'STATUS_UPDATED',
      webhook_url: 'https://hooks.example/monitor',
      status: 'pending',
    });
    expect(JSON.parse(mine[0]!.payload)).toEqual({
      webhook_type: 'SCREENING',
      webhook_code: 'STATUS_UPDATED',
      screening_id: c.body.id,
      environment: 'sandbox',
    });
    // The same files again change nothing and screen nothing.
    const again: string[] = [];
    await importLists(
      w.ctx,
      fixture('un.xml'),
      (l) => again.push(l),
      () => {},
    );
    expect(JSON.parse(again[0]!).changed).toBe(false);
    expect(JSON.parse(again.at(-1)!).monitoring).toEqual({ screened: 0, statusChanged: 0 });
  });

  it('makes and edits programs from the command line, which choose lists and sensitivity', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) =>
      programsCommand(
        w.ctx,
        args,
        (l) => out.push(l),
        (l) => err.push(l),
      );
    expect(
      await run(
        'create',
        '--client-id',
        w.clientA.clientId,
        '--kind',
        'individual',
        '--name',
        'UN only',
        '--lists',
        'IZ_UNC',
        '--sensitivity',
        'strict',
        '--rescanning',
        'off',
      ),
    ).toBe(0);
    const made = JSON.parse(out.at(-1)!);
    expect(made).toMatchObject({
      name: 'UN only',
      lists_enabled: ['IZ_UNC'],
      name_sensitivity: 'strict',
      is_rescanning_enabled: false,
    });
    // SDN's Elena is not on the UN list, so this program clears her.
    const c = await call('individual/create', {
      search_terms: { watchlist_program_id: made.id, legal_name: 'Elena Vorontsova' },
    });
    expect(c.body.status).toBe('cleared');
    expect(
      await run(
        'update',
        '--client-id',
        w.clientA.clientId,
        '--program',
        made.id,
        '--lists',
        'US_SDN,IZ_UNC',
        '--sensitivity',
        'coarse',
      ),
    ).toBe(0);
    expect(JSON.parse(out.at(-1)!)).toMatchObject({
      lists_enabled: ['US_SDN', 'IZ_UNC'],
      name_sensitivity: 'coarse',
    });
    expect(
      await run('update', '--client-id', w.clientA.clientId, '--program', made.id, '--lists', 'US_TEL'),
    ).toBe(1);
    expect(
      await run('update', '--client-id', w.clientA.clientId, '--program', made.id, '--sensitivity', 'loose'),
    ).toBe(1);
    expect(await run('update', '--client-id', w.clientB.clientId, '--program', made.id, '--name', 'x')).toBe(
      1,
    );
    expect(await run('create', '--client-id', w.clientA.clientId)).toBe(2);
    expect(await run('list', '--client-id', w.clientA.clientId, '--kind', 'entity')).toBe(0);
  });
});
