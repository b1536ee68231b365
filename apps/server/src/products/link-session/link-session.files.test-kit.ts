import { expect } from 'vitest';
import { auth, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { b64, OFX_NOVEMBER, OFX_OCTOBER, ofxChecking } from '../statement-import/statement-fixtures.test-kit';
import type { LinkFilesResponse, LinkPane } from './link-session.contract';
import { linkSessionKit } from './link-session.test-kit';

/** An OFX statement closing at 1,234.56, a later one overlapping it, and one Weft cannot read. */
export const OCTOBER = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
export const NOVEMBER = ofxChecking(OFX_NOVEMBER);
export const BROKEN = ofxChecking([{ ...OFX_OCTOBER[0]!, amount: '12,3x' }]);

/** Calls for the tests of statement uploads in Link, on top of the session kit's. */
export function filesKit(weft: () => TestWeft) {
  const session = linkSessionKit(weft);
  const { call, start } = session;

  /** A session at the upload pane. */
  async function atUpload(token: string): Promise<string> {
    const id = (await start(token)).link_session_id;
    const pane = await call<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_weft_files',
    });
    expect(pane.status, JSON.stringify(pane.body)).toBe(200);
    expect(pane.body).toMatchObject({ pane: 'files', institution: { name: 'Upload statement files' } });
    return id;
  }

  /** Sends text files, by name, in one call. */
  function upload(token: string, id: string, files: Record<string, string>) {
    return call<LinkFilesResponse>(token, 'files', {
      link_session_id: id,
      files: Object.entries(files).map(([name, text]) => ({ name, content_base64: b64(text) })),
    });
  }

  async function exchange(keys: ClientKeys, publicToken: string): Promise<string> {
    const r = await post<{ access_token: string }>(weft(), '/item/public_token/exchange', {
      ...auth(keys),
      public_token: publicToken,
    });
    expect(r.status).toBe(200);
    return r.body.access_token;
  }

  /** The client's statement-file Items. */
  async function itemCount(keys: ClientKeys): Promise<number> {
    const rows = await weft()
      .ctx.db.selectFrom('items')
      .select('item_id')
      .where('client_id', '=', keys.clientId)
      .where('institution_id', '=', 'ins_weft_files')
      .execute();
    return rows.length;
  }

  return { ...session, atUpload, upload, exchange, itemCount };
}
