import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { readHitData } from './hit-data';
import { importLists } from './watchlist.command';

const spec = loadSpecValidator();
const FIXTURES = path.resolve(__dirname, '../../engines/screening/fixtures');
const SDN = ['sdn.csv', 'alt.csv', 'add.csv', 'sdn_comments.csv'].map((n) => path.join(FIXTURES, n));
const quiet = () => {};

interface HitList {
  watchlist_screening_hits: {
    id: string;
    source_uid: string;
    sub_programs: string[];
    analysis: Record<string, unknown>;
    data?: { names: unknown[] };
  }[];
}

/** Hit data is read back through its schema: a damaged stored row is shown without it, never a 500. */
describe("Monitor's stored hit data", () => {
  let w: TestWeft;
  let screeningId: string;
  const hitList = async () => {
    const r = await post<HitList>(w, '/watchlist_screening/individual/hit/list', {
      ...auth(w.clientA),
      watchlist_screening_id: screeningId,
    });
    expect(r.status).toBe(200);
    expect(spec?.validate('/watchlist_screening/individual/hit/list', 200, r.body) ?? []).toEqual([]);
    return r.body.watchlist_screening_hits;
  };
  const storedData = async () =>
    (
      await w.ctx.db
        .selectFrom('watchlist_hits')
        .select(['hit_id', 'data'])
        .where('screening_id', '=', screeningId)
        .executeTakeFirstOrThrow()
    ).data;
  const setData = (data: string) =>
    w.ctx.db.updateTable('watchlist_hits').set({ data }).where('screening_id', '=', screeningId).execute();

  beforeAll(async () => {
    w = await createTestWeft();
    expect(await importLists(w.ctx, SDN, quiet, quiet)).toBe(0);
    const programs = await post<{ watchlist_programs: { id: string }[] }>(
      w,
      '/watchlist_screening/individual/program/list',
      { ...auth(w.clientA) },
    );
    const created = await post<{ id: string; status: string }>(w, '/watchlist_screening/individual/create', {
      ...auth(w.clientA),
      search_terms: {
        watchlist_program_id: programs.body.watchlist_programs[0]!.id,
        legal_name: 'Elena Vorontsova',
        date_of_birth: '1980-03-03',
        country: 'RU',
      },
    });
    expect(created.body.status).toBe('pending_review');
    screeningId = created.body.id;
  });
  afterAll(() => w?.close());

  it('reads back what the screening run stored, and shows it', async () => {
    const raw = await storedData();
    const read = readHitData(raw);
    expect(read).not.toBeNull();
    expect(read).toEqual(JSON.parse(raw));
    const [hit] = await hitList();
    expect(hit!.data!.names.length).toBeGreaterThan(0);
    expect(hit!.sub_programs).toEqual(read!.subPrograms);
    expect(hit!.analysis).toMatchObject({ ...read!.analysis, search_terms_version: 1 });
  });

  it('refuses data that is not JSON or not of the stored shape', () => {
    expect(readHitData('{not json')).toBeNull();
    expect(readHitData('null')).toBeNull();
    expect(readHitData(JSON.stringify({ analysis: {}, subPrograms: 'SDGT', data: {} }))).toBeNull();
    expect(
      readHitData(
        JSON.stringify({
          analysis: { names: 'probably' },
          subPrograms: [],
          data: { names: [], documents: [], locations: [] },
        }),
      ),
    ).toBeNull();
  });

  it('shows a hit whose stored data is damaged by its columns alone, on every read, and still lets it be reviewed', async () => {
    const good = await storedData();
    for (const damaged of [
      '{"analysis": {"names": "match"}, "subPrograms": ["SDGT"], "data": {"names": "KNOPE"}}',
      'not json at all',
      '[]',
    ]) {
      await setData(damaged);
      const [hit] = await hitList();
      expect(hit!.source_uid).toBe('101');
      expect(hit!.sub_programs).toEqual([]);
      expect(hit!.analysis).toEqual({ search_terms_version: 1 });
      expect(hit!.data).toBeUndefined();
    }
    const [hit] = await hitList();
    const review = await post(w, '/watchlist_screening/individual/review/create', {
      ...auth(w.clientA),
      watchlist_screening_id: screeningId,
      confirmed_hits: [],
      dismissed_hits: [hit!.id],
    });
    expect(review.status).toBe(200);
    await setData(good);
    expect((await hitList())[0]!.data).toBeDefined();
  });
});
