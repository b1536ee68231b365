import { crc32, inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';

interface InstitutionBody {
  institution_id: string;
  name: string;
  country_codes: string[];
  products: string[];
  url?: string | null;
  primary_color?: string | null;
  logo?: string | null;
  status?: { item_logins: { status: string } };
}

/** Plaid's documented Sandbox institutions: id, name and the country each is documented for. */
const DOCUMENTED: readonly [id: string, name: string, country: string][] = [
  ['ins_109508', 'First Platypus Bank', 'US'],
  ['ins_130016', 'First Platypus Balance Bank', 'US'],
  ['ins_109509', 'First Gingham Credit Union', 'US'],
  ['ins_109510', 'Tattersall Federal Credit Union', 'US'],
  ['ins_109511', 'Tartan Bank', 'US'],
  ['ins_109512', 'Houndstooth Bank', 'US'],
  ['ins_43', 'Tartan-Dominion Bank of Canada', 'CA'],
  ['ins_116834', 'Flexible Platypus Open Banking', 'GB'],
  ['ins_117650', 'Royal Bank of Plaid', 'GB'],
  ['ins_127287', 'Platypus OAuth Bank', 'US'],
  ['ins_132241', 'First Platypus OAuth App2App Bank', 'US'],
  ['ins_117181', 'Flexible Platypus Open Banking', 'GB'],
  ['ins_135858', 'Windowpane Bank', 'US'],
  ['ins_132363', 'Unhealthy Platypus Bank - Degraded', 'US'],
  ['ins_132361', 'Unhealthy Platypus Bank - Down', 'US'],
  ['ins_133402', 'Unsupported Platypus Bank - Institution Not Supported', 'US'],
  ['ins_133502', 'Platypus Bank RUX Auth', 'US'],
  ['ins_133503', 'Platypus Bank RUX Match', 'US'],
  ['ins_135842', 'Platypus Payroll', 'US'],
];
const OAUTH = new Set(['ins_116834', 'ins_117650', 'ins_127287', 'ins_132241', 'ins_117181']);
const ALL_COUNTRIES = ['US', 'CA', 'GB', 'FR', 'ES', 'NL', 'IE', 'DE'];

/** Width and height from a PNG's IHDR, after checking its signature, chunk CRCs and pixel data size. */
function decodePng(b64: string): { width: number; height: number; bytes: number } {
  const png = Buffer.from(b64, 'base64');
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  let at = 8;
  let last = '';
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    last = png.toString('ascii', at + 4, at + 8);
    expect(png.readUInt32BE(at + 8 + length), `${last} CRC`).toBe(
      crc32(png.subarray(at + 4, at + 8 + length)),
    );
    if (last === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  expect(at).toBe(png.length);
  expect(last).toBe('IEND');
  // Colour type 6 (RGBA) at 8 bits: each row is a filter byte and four bytes a pixel.
  expect([png[24], png[25]]).toEqual([8, 6]);
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (width * 4 + 1));
  return { width, height, bytes: png.length };
}

describe("Plaid's sandbox institutions", () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const getById = (institution_id: string, options?: Record<string, unknown>) =>
    post<{ institution: InstitutionBody }>(w, '/institutions/get_by_id', {
      ...auth(w.clientA),
      institution_id,
      country_codes: ALL_COUNTRIES,
      ...(options ? { options } : {}),
    });

  it.each(DOCUMENTED)('%s resolves as %s (%s)', async (id, name, country) => {
    const r = await getById(id);
    expect(r.status).toBe(200);
    expect(r.body.institution).toMatchObject({ institution_id: id, name, oauth: OAUTH.has(id) });
    expect(r.body.institution.country_codes).toContain(country);
  });

  it('returns a valid 152x152 PNG logo, a url and a colour for every institution with optional metadata', async () => {
    const r = await post<{ institutions: InstitutionBody[]; total: number }>(w, '/institutions/get', {
      ...auth(w.clientA),
      count: 500,
      offset: 0,
      country_codes: ALL_COUNTRIES,
      options: { include_optional_metadata: true },
    });
    expect(r.status).toBe(200);
    expect(r.body.institutions.map((i) => i.institution_id).sort()).toEqual(
      DOCUMENTED.map(([id]) => id).sort(),
    );
    for (const i of r.body.institutions) {
      expect(i.logo, i.institution_id).toMatch(/^iVBORw0KGgo[A-Za-z0-9+/]+=*$/);
      const png = decodePng(i.logo ?? '');
      expect([png.width, png.height]).toEqual([152, 152]);
      expect(png.bytes).toBeLessThan(4096);
      expect(i.url).toMatch(/^https:\/\//);
      expect(i.primary_color).toMatch(/^#[0-9a-f]{6}$/);
    }
  });

  it('returns the same logo from get_by_id and search, and none without optional metadata', async () => {
    const byId = await getById('ins_109508', { include_optional_metadata: true });
    expect(decodePng(byId.body.institution.logo ?? '')).toMatchObject({ width: 152, height: 152 });
    const search = await post<{ institutions: InstitutionBody[] }>(w, '/institutions/search', {
      ...auth(w.clientA),
      query: 'first platypus bank',
      country_codes: ['US'],
      options: { include_optional_metadata: true },
    });
    const found = search.body.institutions.find((i) => i.institution_id === 'ins_109508');
    expect(found?.logo).toBe(byId.body.institution.logo);

    const bare = await getById('ins_109508');
    for (const field of ['logo', 'url', 'primary_color'])
      expect(bare.body.institution).not.toHaveProperty(field);
  });

  it('reports the unhealthy banks as degraded and down', async () => {
    const statusOf = async (id: string) =>
      (await getById(id, { include_status: true })).body.institution.status?.item_logins.status;
    expect(await statusOf('ins_132363')).toBe('DEGRADED');
    expect(await statusOf('ins_132361')).toBe('DOWN');
    expect(await statusOf('ins_109508')).toBe('HEALTHY');
  });

  it('lists the unsupported bank but refuses logins there', async () => {
    await expect(createItem(w, w.clientA, { institution_id: 'ins_133402' })).rejects.toThrow(
      /INSTITUTION_NO_LONGER_SUPPORTED/,
    );
    await expect(createItem(w, w.clientA, { institution_id: 'ins_133502' })).resolves.toBeTruthy();
  });
});
