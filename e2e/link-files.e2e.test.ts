import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, post } from '../apps/server/src/test/harness';
import { type LinkApp, type PageState, startLinkApp, state } from './link-app';

/**
 * Statement uploads in Link, in a real browser: the user finds "Upload statement files", gives
 * it OFX files through the file picker, sees the one it cannot read, chooses accounts and the app
 * gets onSuccess; in update mode, a later statement is added to the same Item from the keyboard.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'link');
let t: LinkApp;

/** A small OFX 1.x checking statement; `amount` is as the bank writes it (positive = money in). */
function ofx(acctId: string, txs: [fitid: string, date: string, amount: string, name: string][]): string {
  const rows = txs.map(
    ([fitid, date, amount, name]) =>
      `<STMTTRN><TRNTYPE>${amount.startsWith('-') ? 'DEBIT' : 'CREDIT'}<DTPOSTED>${date}<TRNAMT>${amount}<FITID>${fitid}<NAME>${name}</STMTTRN>`,
  );
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '',
    '<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261130120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>',
    '<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD',
    `<BANKACCTFROM><BANKID>011000015<ACCTID>${acctId}<ACCTTYPE>CHECKING</BANKACCTFROM>`,
    '<BANKTRANLIST><DTSTART>20261001<DTEND>20261130',
    ...rows,
    '</BANKTRANLIST>',
    '<LEDGERBAL><BALAMT>812.40<DTASOF>20261130</LEDGERBAL>',
    '</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    '',
  ].join('\n');
}

const OCTOBER = ofx('4400123456', [
  ['E1', '20261001', '1500.00', 'PAYROLL'],
  ['E2', '20261004', '-42.10', 'GROCER'],
  ['E3', '20261009', '-9.99', 'MUSIC SUBSCRIPTION'],
]);
const NOVEMBER = ofx('4400123456', [
  ['E3', '20261009', '-9.99', 'MUSIC SUBSCRIPTION'],
  ['E4', '20261109', '-9.99', 'MUSIC SUBSCRIPTION'],
]);
// Eighty rows: far past the default bound on a request string, as real statements are.
const SAVINGS = ofx(
  '4400999888',
  Array.from({ length: 80 }, (_, i) => [
    `S${i}`,
    `202610${String(1 + (i % 28)).padStart(2, '0')}`,
    '2.50',
    `TRANSFER IN ${i}`,
  ]),
);
const BROKEN = ofx('4400123456', [['B1', '20261002', '12,3x', 'BROKEN AMOUNT']]);

const file = (name: string, text: string) => ({
  name,
  mimeType: 'application/x-ofx',
  buffer: Buffer.from(text, 'utf8'),
});

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  t = await startLinkApp();
});
afterAll(async () => {
  await t?.close();
});

/** Waits for onSuccess after the success pane. */
async function finish(page: Page, link: FrameLocator): Promise<PageState> {
  await link.getByRole('heading', { name: 'Success' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.success !== null);
  return state(page);
}

describe('Link: upload statement files', () => {
  let accessToken = '';

  it('finds the upload pane, reads two OFX files, shows the bad one’s error, and ends in onSuccess', async () => {
    const { page, link, errors } = await t.openLink(await t.linkToken());
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search for your bank').fill('ofx');
    await link.getByRole('button', { name: 'Upload statement files', exact: true }).click();
    await link.getByRole('heading', { name: 'Upload your statements' }).waitFor();
    // The picker's button has the focus, so the keyboard reaches the picker at once.
    expect(
      await link.getByRole('button', { name: 'Choose files' }).evaluate((b) => b === document.activeElement),
    ).toBe(true);
    const continueButton = link.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);

    await link
      .locator('input[type=file]')
      .setInputFiles([
        file('checking.ofx', OCTOBER),
        file('broken.ofx', BROKEN),
        file('savings.qfx', SAVINGS),
      ]);
    const alert = link.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This file is damaged or incomplete');
    expect(await alert.textContent()).toContain('Line 15: STMTTRN has an invalid TRNAMT "12,3x"');
    expect(await alert.textContent()).toContain('Error code: MALFORMED_FILE');
    const list = link.getByRole('list', { name: 'Your files' });
    await list.getByText('1 account · 80 transactions').waitFor();
    await list.getByText('1 account · 3 transactions').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'files-uploaded.png') });

    await continueButton.click();
    await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
    await link.getByText('Accounts in your statements').waitFor();
    await link.getByRole('checkbox', { name: /••••9888/ }).uncheck();
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByText('1 account from your statements connected to Test App.').waitFor();
    const s = await finish(page, link);
    expect(errors).toEqual([]);

    const metadata = s.success?.metadata as unknown as {
      institution: { name: string; institution_id: string };
      accounts: { id: string; mask: string }[];
    };
    expect(metadata.institution).toEqual({
      name: 'Upload statement files',
      institution_id: 'ins_weft_files',
    });
    expect(metadata.accounts.map((a) => a.mask)).toEqual(['3456']);
    const documentEvents = s.events.filter((e) => e.name.startsWith('SUBMIT_DOCUMENTS'));
    expect(documentEvents.map((e) => [e.name, e.metadata.error_code])).toEqual([
      ['SUBMIT_DOCUMENTS_SUCCESS', null],
      ['SUBMIT_DOCUMENTS_ERROR', 'MALFORMED_FILE'],
      ['SUBMIT_DOCUMENTS_SUCCESS', null],
    ]);

    const exchange = await post<{ access_token: string }>(t.weft, '/item/public_token/exchange', {
      ...auth(t.weft.clientA),
      public_token: s.success?.public_token,
    });
    expect(exchange.status).toBe(200);
    accessToken = exchange.body.access_token;
    const sync = await post<{ added: { name: string; account_id: string }[] }>(t.weft, '/transactions/sync', {
      ...auth(t.weft.clientA),
      access_token: accessToken,
    });
    expect(sync.body.added.map((x) => x.name).sort()).toEqual(['GROCER', 'MUSIC SUBSCRIPTION', 'PAYROLL']);
    expect(new Set(sync.body.added.map((x) => x.account_id))).toEqual(new Set([metadata.accounts[0]!.id]));
  });

  it('in French at 360px: dropped files, each with its result or its error in French; leaving removes their Item', async () => {
    const { page, link, errors } = await t.openLink(await t.linkToken({ language: 'fr' }), 360);
    await link.getByRole('button', { name: 'Continuer' }).click();
    await link.getByLabel('Rechercher votre banque').fill('relevés');
    await link.getByRole('button', { name: 'Upload statement files', exact: true }).click();
    const zone = link.getByRole('region', { name: 'Fichiers de relevés' });
    await zone.waitFor();
    const frame = page
      .frames()
      .find((f) => f.parentFrame() !== null && new URL(f.url()).pathname.startsWith('/link'));
    if (!frame) throw new Error('no Link frame');
    // A drop as the browser delivers it: a DataTransfer made in Link's own document.
    const files = await frame.evaluateHandle(
      ([good, broken]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([good], 'epargne.ofx', { type: 'application/x-ofx' }));
        dt.items.add(new File([], 'vide.csv', { type: 'text/csv' }));
        dt.items.add(new File([broken], 'abime.ofx', { type: 'application/x-ofx' }));
        return dt;
      },
      [SAVINGS, BROKEN] as const,
    );
    await zone.dispatchEvent('dragover', { dataTransfer: files });
    await zone.dispatchEvent('drop', { dataTransfer: files });
    await link.getByText('1\u00a0compte · 80\u00a0opérations').waitFor();
    const alerts = link.getByRole('alert');
    await alerts.nth(1).waitFor();
    expect(await alerts.allTextContents()).toEqual([
      'Ce fichier est videthe file is emptyCode d’erreur\u00a0: EMPTY_FILE',
      'Ce fichier est endommagé ou incompletLigne 15\u00a0: STMTTRN has an invalid TRNAMT "12,3x"Code d’erreur\u00a0: MALFORMED_FILE',
    ]);
    // At 360px the list scrolls and Continue stays on screen, ready.
    const next = link.getByRole('button', { name: 'Continuer' });
    expect(await next.isEnabled()).toBe(true);
    const box = await next.boundingBox();
    expect(box && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= 360).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'files-fr-360.png') });

    // Leaving asks first, in words for statements; the Item the files made goes with the session.
    const itemsOfUploads = async () =>
      (
        await t.weft.ctx.db
          .selectFrom('items')
          .select('item_id')
          .where('institution_id', '=', 'ins_weft_files')
          .execute()
      ).length;
    const before = await itemsOfUploads();
    await page.keyboard.press('Escape');
    const question = link.getByRole('alertdialog', { name: 'Quitter sans connecter votre compte\u00a0?' });
    await question.waitFor();
    expect(await question.textContent()).toContain(
      'Les comptes de vos relevés ne sont pas encore connectés à Test App.',
    );
    await question.getByRole('button', { name: 'Quitter' }).click();
    await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.exit !== null);
    const exit = (await state(page)).exit;
    expect(exit?.metadata.status).toBe('requires_credentials');
    expect(exit?.metadata.institution?.institution_id).toBe('ins_weft_files');
    expect(await itemsOfUploads()).toBe(before - 1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('update mode: a later statement, chosen from the keyboard, adds only its new transactions', async () => {
    expect(accessToken).not.toBe('');
    const { page, link, errors } = await t.openLink(await t.linkToken({ access_token: accessToken }));
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('heading', { name: 'Upload your statements' }).waitFor();
    expect(await link.getByRole('button', { name: 'Back' }).count()).toBe(0);
    // The pane focuses its picker button once it has rendered; Enter goes wherever focus is then.
    const picker = link.getByRole('button', { name: 'Choose files' });
    await expect
      .poll(() => picker.evaluate((b) => b === document.activeElement), { timeout: 10_000 })
      .toBe(true);
    // The frame holding Link may not have the page's focus yet, so Enter goes to the button itself.
    const chooser = page.waitForEvent('filechooser');
    await picker.press('Enter');
    await (await chooser).setFiles([file('november.ofx', NOVEMBER)]);
    await link.getByText('1 account · 2 transactions · 1 new').waitFor();
    await link.getByRole('button', { name: 'Continue' }).click();
    const s = await finish(page, link);
    expect(errors).toEqual([]);
    expect(s.success?.metadata.accounts.map((a) => a.name)).toHaveLength(1);

    const sync = await post<{ added: { name: string; date: string }[] }>(t.weft, '/transactions/sync', {
      ...auth(t.weft.clientA),
      access_token: accessToken,
    });
    expect(sync.body.added.map((x) => x.date).sort()).toEqual([
      '2026-10-01',
      '2026-10-04',
      '2026-10-09',
      '2026-11-09',
    ]);
  });
});
