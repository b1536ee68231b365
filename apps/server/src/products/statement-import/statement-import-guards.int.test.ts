import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateOfx } from '../../connectors/files';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { StatementFilesRepository } from './statement-files.repository';
import { b64, OFX_NOVEMBER, OFX_OCTOBER, ofxChecking } from './statement-fixtures.test-kit';
import { IMPORT_BODY_LIMIT } from './statement-import.schemas';

interface ImportBody {
  item_id: string | null;
  public_token?: string;
  files: { file: string; added?: number; error?: { code: string; message: string; line: number | null } }[];
}

const OCTOBER = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
const NOVEMBER = ofxChecking(OFX_NOVEMBER);
/** Detected as OFX, but its statement is cut off before any account: a parse error with a line. */
const BROKEN_OFX = 'OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>\n';

describe('/weft/statements/import: request errors, failed files, isolation', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const file = (name: string, text: string) => ({ name, content_base64: b64(text) });

  async function importInto(
    keys: ClientKeys,
    files: { name: string; content_base64: string }[],
    token?: string,
  ) {
    return post<ImportBody>(w, '/weft/statements/import', {
      ...auth(keys),
      ...(token ? { access_token: token } : {}),
      files,
    });
  }

  async function filesItem(keys: ClientKeys): Promise<{ token: string; itemId: string }> {
    const r = await importInto(keys, [file('october.ofx', OCTOBER)]);
    const ex = await post<{ access_token: string; item_id: string }>(w, '/item/public_token/exchange', {
      ...auth(keys),
      public_token: r.body.public_token,
    });
    return { token: ex.body.access_token, itemId: ex.body.item_id };
  }

  /** Everything an import could change about an Item, as the store holds it. */
  async function snapshot(itemId: string) {
    const db = w.ctx.db;
    return {
      accounts: await db
        .selectFrom('accounts')
        .selectAll()
        .where('item_id', '=', itemId)
        .orderBy('account_id')
        .execute(),
      transactions: await db
        .selectFrom('transactions')
        .select(['transaction_id', 'version', 'amount'])
        .where('item_id', '=', itemId)
        .orderBy('transaction_id')
        .execute(),
      state: await db.selectFrom('transactions_state').selectAll().where('item_id', '=', itemId).execute(),
      files: await db.selectFrom('statement_files').select('sha256').where('item_id', '=', itemId).execute(),
      numbers: await db.selectFrom('account_numbers').selectAll().where('item_id', '=', itemId).execute(),
      outbox: await db.selectFrom('outbox').select('id').where('item_id', '=', itemId).execute(),
    };
  }

  async function itemCount(keys: ClientKeys): Promise<number> {
    const rows = await w.ctx.db
      .selectFrom('items')
      .select('item_id')
      .where('client_id', '=', keys.clientId)
      .execute();
    return rows.length;
  }

  it("refuses malformed requests with Plaid's error envelope", async () => {
    const cases: [Record<string, unknown>, string, RegExp?][] = [
      [{}, 'MISSING_FIELDS', /files/],
      [{ files: [] }, 'INVALID_FIELD'],
      [
        { files: [{ name: 'a.ofx', content_base64: 'not base64!' }] },
        'INVALID_FIELD',
        /files\.0\.content_base64/,
      ],
      [
        { files: [{ name: 'a.ofx', content_base64: b64(OCTOBER), size: 1 }] },
        'UNKNOWN_FIELDS',
        /files\.0\.size/,
      ],
      [{ webhook: 'ftp://example.com/x', files: [file('a.ofx', OCTOBER)] }, 'INVALID_FIELD', /webhook/],
    ];
    for (const [body, code, message] of cases) {
      const r = await post(w, '/weft/statements/import', { ...auth(w.clientA), ...body });
      expect(r.status, code).toBe(400);
      expect(r.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: code });
      expect(r.body.request_id).toEqual(expect.any(String));
      if (message) expect(r.body.error_message).toMatch(message);
    }
    const keys = await post(w, '/weft/statements/import', {
      client_id: w.clientA.clientId,
      secret: 'wrong',
      files: [file('a.ofx', OCTOBER)],
    });
    expect(keys.body).toMatchObject({ error_code: 'INVALID_API_KEYS' });
    expect(await itemCount(w.clientA)).toBe(0);
  });

  it('takes bodies above the default limit on this route only, up to its own limit', async () => {
    const big = generateOfx(6500);
    expect(b64(big).length).toBeGreaterThan(w.config.bodyLimit);
    const r = await importInto(w.clientA, [file('big.ofx', big)]);
    expect(r.status).toBe(200);
    expect(r.body.files[0]).toMatchObject({ added: 6500 });
    const elsewhere = await post(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: 'x',
      pad: b64(big),
    });
    expect(elsewhere.status).toBe(413);

    const tooBig = await post(w, '/weft/statements/import', {
      ...auth(w.clientA),
      files: [{ name: 'huge.ofx', content_base64: 'A'.repeat(IMPORT_BODY_LIMIT) }],
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_BODY' });
  });

  it('reports a file that cannot be read and leaves the store exactly as it was', async () => {
    const before = await itemCount(w.clientB);
    const none = await importInto(w.clientB, [file('notes.txt', 'hello'), file('broken.ofx', BROKEN_OFX)]);
    expect(none.status).toBe(200);
    expect(none.body.item_id).toBeNull();
    expect(none.body.public_token).toBeUndefined();
    expect(none.body.files).toEqual([
      { file: 'notes.txt', error: { code: 'UNSUPPORTED_FORMAT', message: expect.any(String), line: null } },
      { file: 'broken.ofx', error: { code: 'NO_ACCOUNTS', message: expect.any(String), line: null } },
    ]);
    expect(await itemCount(w.clientB)).toBe(before);

    const { token, itemId } = await filesItem(w.clientB);
    const stored = await snapshot(itemId);
    const failed = await importInto(
      w.clientB,
      [file('empty.ofx', ''), file('broken.ofx', BROKEN_OFX)],
      token,
    );
    expect(failed.body.files.map((f) => f.error?.code)).toEqual(['EMPTY_FILE', 'NO_ACCOUNTS']);
    expect(await snapshot(itemId)).toEqual(stored);

    const mixed = await importInto(
      w.clientB,
      [file('broken.ofx', BROKEN_OFX), file('november.ofx', NOVEMBER)],
      token,
    );
    expect(mixed.body.files.map((f) => f.error?.code ?? f.added)).toEqual(['NO_ACCOUNTS', 2]);
  });

  it('imports each file in one database transaction: a failure while storing it leaves nothing', async () => {
    const { token, itemId } = await filesItem(w.clientB);
    const stored = await snapshot(itemId);
    const count = await itemCount(w.clientB);
    const spy = vi
      .spyOn(StatementFilesRepository.prototype, 'insert')
      .mockRejectedValue(new Error('disk full'));
    try {
      const into = await importInto(w.clientB, [file('november.ofx', NOVEMBER)], token);
      expect(into.status).toBe(500);
      expect(into.body).toMatchObject({ error_code: 'INTERNAL_SERVER_ERROR' });
      const fresh = await importInto(w.clientB, [file('november.ofx', NOVEMBER)]);
      expect(fresh.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    expect(await snapshot(itemId)).toEqual(stored);
    expect(await itemCount(w.clientB)).toBe(count);
  });

  it('writes a file sent twice at once only once', async () => {
    const { token, itemId } = await filesItem(w.clientB);
    const results = await Promise.all(
      [1, 2, 3].map(() => importInto(w.clientB, [file('november.ofx', NOVEMBER)], token)),
    );
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.map((r) => r.body.files[0]!.added).sort()).toEqual([0, 0, 2]);
    const files = await w.ctx.db
      .selectFrom('statement_files')
      .select('id')
      .where('item_id', '=', itemId)
      .execute();
    expect(files).toHaveLength(2);
  });

  it("keeps tenants apart: client B can neither import into nor read client A's Items", async () => {
    const a = await filesItem(w.clientA);
    const stored = await snapshot(a.itemId);
    const r = await importInto(w.clientB, [file('november.ofx', NOVEMBER)], a.token);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    expect(await snapshot(a.itemId)).toEqual(stored);

    const b = await importInto(w.clientB, [file('october.ofx', OCTOBER)]);
    const stolen = await post(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: b.body.public_token,
    });
    expect(stolen.body).toMatchObject({ error_code: 'INVALID_PUBLIC_TOKEN' });
    const read = await post(w, '/accounts/get', { ...auth(w.clientB), access_token: a.token });
    expect(read.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
  });

  it('adds files only to Items made from files, never to a sandbox Item', async () => {
    const sandbox = await createItem(w, w.clientA);
    const r = await importInto(w.clientA, [file('october.ofx', OCTOBER)], sandbox.accessToken);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'INVALID_FIELD' });
  });
});
