import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, post } from '../apps/server/src/test/harness';
import { type LinkApp, startLinkApp, state, waitForExit } from './link-app';

/**
 * Link speaks the link token's `language` (Plaid's /link/token/create field): French, Spanish,
 * German and Dutch have Weft's own words; any other language shows English. Each language's
 * catalogue is a separate file Link fetches under its strict CSP.
 */

const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'link');
let t: LinkApp;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  t = await startLinkApp();
});

afterAll(async () => {
  await t?.close();
});

/** What a user reads in one language, from consent to success (written out, not from the catalogue). */
interface Words {
  frameTitle: RegExp;
  consent: string;
  continue: string;
  search: string;
  popular: string;
  oneResult: string;
  signIn: string;
  username: string;
  password: string;
  submit: string;
  wrongPassword: string;
  accounts: string;
  checking: string;
  balance: RegExp;
  success: string;
  connected: RegExp;
}

const WORDS: Record<'fr' | 'de', Words> = {
  fr: {
    frameTitle: /^Link\s: connecter votre compte bancaire$/,
    consent: 'Test App utilise Weft pour connecter votre compte',
    continue: 'Continuer',
    search: 'Rechercher votre banque',
    popular: 'Banques les plus choisies',
    oneResult: '1 résultat',
    signIn: 'Connectez-vous à Tartan Bank',
    username: 'Identifiant',
    password: 'Mot de passe',
    submit: 'Valider',
    wrongPassword: 'L’identifiant ou le mot de passe est incorrect. Veuillez réessayer.',
    accounts: 'Choisissez les comptes à partager',
    checking: 'compte courant',
    balance: /110,00\s\$US/,
    success: 'Connexion réussie',
    connected: /^\d+ comptes chez Tartan Bank connectés à Test App\.$/,
  },
  de: {
    frameTitle: /^Link: Bankkonto verbinden$/,
    consent: 'Test App nutzt Weft, um Ihr Konto zu verbinden',
    continue: 'Weiter',
    search: 'Nach Ihrer Bank suchen',
    popular: 'Beliebte Banken',
    oneResult: '1 Treffer',
    signIn: 'Bei Tartan Bank anmelden',
    username: 'Benutzername',
    password: 'Passwort',
    submit: 'Bestätigen',
    wrongPassword: 'Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
    accounts: 'Konten zum Teilen auswählen',
    checking: 'Girokonto',
    balance: /110,00\s\$/,
    success: 'Erfolgreich',
    connected: /^\d+ Konten bei Tartan Bank mit Test App verbunden\.$/,
  },
};

/** The Link iframe's own document (for its <html lang> and what it fetched). */
function linkFrame(page: Page): Frame {
  const frame = page.frames().find((f) => new URL(f.url()).pathname.startsWith('/link/'));
  if (!frame) throw new Error('no Link frame');
  return frame;
}

/** The message catalogues Link's document has fetched (`messages.<lang>-<hash>.js`). */
async function cataloguesFetched(page: Page): Promise<string[]> {
  const urls = await linkFrame(page).evaluate(() =>
    performance.getEntriesByType('resource').map((e) => e.name),
  );
  return urls.flatMap((u) => /\/assets\/messages\.(\w+)-/.exec(u)?.[1] ?? []);
}

async function frameTitle(page: Page): Promise<string | null> {
  return page.locator('iframe[title^="Link"]').getAttribute('title');
}

describe('Link in the link token’s language', () => {
  it.each(['fr', 'de'] as const)(
    '%s: consent, search, credentials, accounts and success, to onSuccess',
    async (lang) => {
      const w = WORDS[lang];
      const { page, link, errors } = await t.openLink(await t.linkToken({ language: lang }));
      expect(await linkFrame(page).evaluate(() => document.documentElement.lang)).toBe(lang);
      expect(await link.getByRole('dialog').getAttribute('lang')).toBe(lang);
      expect(await frameTitle(page)).toMatch(w.frameTitle);
      expect(await cataloguesFetched(page)).toEqual([lang]);

      await link.getByRole('heading', { name: w.consent }).waitFor();
      await page.screenshot({ path: path.join(SHOTS, `lang-${lang}-consent.png`) });
      await link.getByRole('button', { name: w.continue, exact: true }).click();

      await link.getByText(w.popular).waitFor();
      await link.getByLabel(w.search).fill('Tartan Bank');
      await link.getByText(w.oneResult, { exact: true }).waitFor();
      await link.getByRole('button', { name: 'Tartan Bank', exact: true }).click();

      await link.getByRole('heading', { name: w.signIn }).waitFor();
      await link.getByLabel(w.username).fill('user_good');
      await link.getByLabel(w.password).fill('wrong');
      await link.getByRole('button', { name: w.submit }).click();
      await expect(link.getByRole('alert').textContent()).resolves.toBe(w.wrongPassword);
      await page.screenshot({ path: path.join(SHOTS, `lang-${lang}-credentials.png`) });
      await link.getByLabel(w.password).fill('pass_good');
      await link.getByRole('button', { name: w.submit }).click();

      await link.getByRole('heading', { name: w.accounts }).waitFor();
      const checking = link.locator('label.account', { hasText: 'Plaid Checking' });
      await expect(checking.textContent()).resolves.toContain(w.checking);
      await expect(checking.textContent()).resolves.toMatch(w.balance);
      await page.screenshot({ path: path.join(SHOTS, `lang-${lang}-accounts.png`) });
      await link.getByRole('button', { name: w.continue, exact: true }).click();

      await link.getByRole('heading', { name: w.success }).waitFor();
      await expect(link.locator('.pane p').first().textContent()).resolves.toMatch(w.connected);
      await link.getByRole('button', { name: w.continue, exact: true }).click();
      await page.waitForFunction(
        () => (window as unknown as { __link: { success: unknown } }).__link.success,
      );
      const s = await state(page);
      expect(s.success?.public_token).toMatch(/^public-sandbox-/);
      expect(s.success?.metadata.accounts.length).toBeGreaterThan(0);
      // Nothing refused by either CSP, no script errors: only the wrong password's 400 is logged.
      expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
      await page.close();
    },
  );

  it('de: the exit question and its answers', async () => {
    const { page, link } = await t.openLink(await t.linkToken({ language: 'de' }));
    await link.getByRole('button', { name: 'Weiter', exact: true }).click();
    await link.getByLabel('Nach Ihrer Bank suchen').fill('Tartan Bank');
    await link.getByRole('button', { name: 'Tartan Bank', exact: true }).click();
    await link.getByLabel('Benutzername').waitFor();
    // The close button is named in the language too.
    await link.getByRole('button', { name: 'Beenden', exact: true }).click();
    const question = link.getByRole('alertdialog', { name: 'Beenden, ohne zu verbinden?' });
    await question.waitFor();
    await expect(question.textContent()).resolves.toContain(
      'Ihr Konto bei Tartan Bank ist noch nicht mit Test App verbunden.',
    );
    expect(await link.locator(':focus').textContent()).toBe('Weiter verbinden');
    await page.screenshot({ path: path.join(SHOTS, 'lang-de-exit.png') });
    await link.getByRole('button', { name: 'Beenden', exact: true }).click();
    await waitForExit(page);
    expect((await state(page)).exit?.metadata.status).toBe('requires_credentials');
    await page.close();
  });

  it('es: the payment review shows the amount as Spanish writes it', async () => {
    const a = auth(t.weft.clientA);
    const recipient = await post<{ recipient_id: string }>(t.weft, '/payment_initiation/recipient/create', {
      ...a,
      name: 'Hucha',
      bacs: { account: '12345678', sort_code: '040004' },
    });
    const payment = await post<{ payment_id: string }>(t.weft, '/payment_initiation/payment/create', {
      ...a,
      recipient_id: recipient.body.recipient_id,
      reference: 'Alquiler',
      amount: { currency: 'GBP', value: 1234.5 },
    });
    const token = await t.linkToken({
      language: 'es',
      country_codes: ['GB'],
      products: ['payment_initiation'],
      payment_initiation: { payment_id: payment.body.payment_id },
    });
    const { page, link, errors } = await t.openLink(token);
    await link.getByRole('button', { name: 'Continuar', exact: true }).click();
    await link.getByRole('heading', { name: 'Revisa tu pago' }).waitFor();
    const review = link.locator('dl.payment');
    expect(await review.locator('dt').allTextContents()).toEqual(['Para', 'Importe', 'Referencia']);
    // Spanish: decimal comma, no grouping of four digits, the currency after the figure.
    expect(await review.locator('dd').allTextContents()).toEqual([
      'Hucha',
      expect.stringMatching(/^1234,50\sGBP$/),
      'Alquiler',
    ]);
    await page.screenshot({ path: path.join(SHOTS, 'lang-es-payment.png') });
    await page.keyboard.press('Escape');
    await waitForExit(page);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a language Link has no catalogue for (Plaid accepts it) is shown in English', async () => {
    const token = await t.linkToken({ language: 'it' });
    const { page, link } = await t.openLink(token);
    await link.getByRole('heading', { name: 'Test App uses Weft to connect your account' }).waitFor();
    expect(await linkFrame(page).evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await link.getByRole('dialog').getAttribute('lang')).toBe('en');
    expect(await frameTitle(page)).toBe('Link: connect your bank account');
    // English is built in: no catalogue is fetched.
    expect(await cataloguesFetched(page)).toEqual([]);
    await link.getByRole('button', { name: 'Continue', exact: true }).click();
    await link.getByLabel('Search for your bank').waitFor();
    // The link token still reports the language it was created with.
    const got = await post<{ metadata: { language: string } }>(t.weft, '/link/token/get', {
      ...auth(t.weft.clientA),
      link_token: token,
    });
    expect(got.body.metadata.language).toBe('it');
    await page.close();
  });
});
