import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { FIRE_WEBHOOK_CODES, FIRE_WEBHOOK_TYPES } from './item-health.schemas';

/** One row of docs/webhooks.md's table of the codes /sandbox/item/fire_webhook fires. */
interface DocRow {
  code: string;
  types: string[];
  /** The product the Item needs ('' when none); "the type's product" names it by the type. */
  needs: string;
}

/** Reads the table from the doc, so the doc and what Weft accepts cannot drift apart. */
function documentedCodes(): DocRow[] {
  const doc = readFileSync(path.resolve(__dirname, '../../../../../docs/webhooks.md'), 'utf8');
  const section = doc.split('### Codes `/sandbox/item/fire_webhook` fires')[1]?.split(/\n#/)[0];
  if (!section) throw new Error('docs/webhooks.md lost its table of fire_webhook codes');
  return section
    .split('\n')
    .map((line) => /^\| `([A-Z_]+)` \|([^|]+)\|([^|]*)\|$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      code: m[1]!,
      types: [...m[2]!.matchAll(/`([A-Z_]+)`/g)].map((t) => t[1]!),
      needs: m[3]!.trim(),
    }));
}

const HOOK = { webhook: 'https://app.example.com/plaid/webhook' };

describe('docs/webhooks.md lists exactly the codes /sandbox/item/fire_webhook fires', () => {
  const rows = documentedCodes();
  let w: TestWeft;
  let full: string;
  let authOnly: string;
  let transactionsOnly: string;
  beforeAll(async () => {
    w = await createTestWeft();
    const make = async (initial_products: string[]) =>
      (await createItem(w, w.clientA, { initial_products, options: HOOK })).accessToken;
    full = await make(['transactions', 'auth', 'identity']);
    authOnly = await make(['auth']);
    transactionsOnly = await make(['transactions']);
  });
  afterAll(() => w.close());

  const fire = (access_token: string, webhook_code: string, webhook_type?: string) =>
    post<{ webhook_fired?: boolean; error_code?: string }>(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token,
      webhook_code,
      ...(webhook_type ? { webhook_type } : {}),
    });

  it('reads a table of codes Plaid lets the endpoint take', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(FIRE_WEBHOOK_CODES).toContain(r.code);
      for (const t of r.types) expect(FIRE_WEBHOOK_TYPES).toContain(t);
    }
  });

  it('fires every documented code with every documented type, the first one by default', async () => {
    for (const r of rows) {
      for (const type of r.types) {
        const res = await fire(full, r.code, type);
        expect(res.body, `${r.code}/${type}`).toMatchObject({ webhook_fired: true });
      }
      const res = await fire(full, r.code);
      expect(res.body, r.code).toMatchObject({ webhook_fired: true });
      const last = await w.ctx.db
        .selectFrom('outbox')
        .select(['webhook_type', 'webhook_code'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(last, r.code).toEqual({ webhook_type: r.types[0], webhook_code: r.code });
    }
  });

  it('needs on the Item the product the doc names, and nothing when it names none', async () => {
    for (const r of rows)
      for (const type of r.types) {
        const need = r.needs === "the type's product" ? type.toLowerCase() : r.needs;
        if (need === '') {
          for (const token of [authOnly, transactionsOnly])
            expect((await fire(token, r.code, type)).body, `${r.code}/${type}`).toMatchObject({
              webhook_fired: true,
            });
          continue;
        }
        const lacking = need === 'auth' ? transactionsOnly : authOnly;
        expect((await fire(lacking, r.code, type)).body.error_code, `${r.code}/${type}`).toBe(
          'SANDBOX_PRODUCT_NOT_ENABLED',
        );
      }
  });

  it('refuses every code of the request enum that the doc does not list', async () => {
    const listed = new Set(rows.map((r) => r.code));
    const unlisted = FIRE_WEBHOOK_CODES.filter((c) => !listed.has(c));
    expect(unlisted).toContain('AUTHORIZATION_GRANTED');
    for (const code of unlisted) {
      const res = await fire(full, code);
      expect(res.status, code).toBe(400);
      expect(['INVALID_FIELD', 'SANDBOX_PRODUCT_NOT_ENABLED'], code).toContain(res.body.error_code);
    }
    expect((await fire(full, 'AUTHORIZATION_GRANTED')).body.error_code).toBe('INVALID_FIELD');
    const defaultTypes = rows.find((r) => r.code === 'DEFAULT_UPDATE')?.types ?? [];
    for (const type of FIRE_WEBHOOK_TYPES.filter((t) => !defaultTypes.includes(t)))
      expect((await fire(full, 'DEFAULT_UPDATE', type)).status, `DEFAULT_UPDATE/${type}`).toBe(400);
  });
});
