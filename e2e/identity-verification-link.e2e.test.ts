import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, post } from '../apps/server/src/test/harness';
import { type LinkApp, type PageState, startLinkApp, state, waitForExit } from './link-app';

/** A 1×1 PNG: the sandbox reads any captured document as the sandbox identity's license. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Identity Verification in Link, in a real browser, with Plaid's sandbox identity. */
describe('Link for identity verification', () => {
  let l: LinkApp;
  beforeAll(async () => {
    l = await startLinkApp();
  }, 180_000);
  afterAll(() => l?.close());

  const idvToken = (clientUserId: string, language = 'en') =>
    l.linkToken({
      language,
      products: ['identity_verification'],
      user: { client_user_id: clientUserId },
      identity_verification: { template_id: 'idvtmp_e2eflow000001' },
    });

  async function throughSms(link: FrameLocator): Promise<void> {
    await link.getByRole('heading', { name: 'Verify your identity' }).waitFor();
    await link.getByRole('button', { name: 'I agree' }).click();
    await link.getByLabel('Mobile number').fill('234-567-8909');
    await link.getByRole('button', { name: 'Send code' }).click();
    await link.getByLabel('Verification code').fill('11111');
    await link.getByRole('button', { name: 'Verify' }).click();
  }

  async function personalInfo(link: FrameLocator, dateOfBirth: string): Promise<void> {
    await link.getByRole('heading', { name: 'Your personal information' }).waitFor();
    await link.getByLabel('First name').fill('Leslie');
    await link.getByLabel('Last name').fill('Knope');
    await link.getByLabel('Date of birth').fill(dateOfBirth);
    await link.getByLabel('Street address').fill('123 Main St.');
    await link.getByLabel('City').fill('Pawnee');
    await link.getByLabel('State').fill('IN');
    await link.getByLabel('ZIP code').fill('46001');
    await link.getByLabel('Social Security number').fill('123-45-6789');
    await link.getByRole('button', { name: 'Continue' }).click();
  }

  const succeeded = async (page: Page): Promise<PageState> => {
    await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.success !== null);
    return state(page);
  };
  const get = (id: string) =>
    post<{ status: string; steps: Record<string, string>; user: { date_of_birth: string | null } }>(
      l.weft,
      '/identity_verification/get',
      { ...auth(l.weft.clientA), identity_verification_id: id },
    );

  it('walks the sandbox identity through terms, SMS and personal information; onSuccess names the verification, which passed', async () => {
    const { page, link } = await l.openLink(await idvToken('e2e-leslie'));
    await throughSms(link);
    await personalInfo(link, '1975-01-18');
    const s = await succeeded(page);
    const id = s.success!.metadata.link_session_id;
    expect(id).toMatch(/^idv_/);
    // As at Plaid, no Item is made: there is no public token to exchange, only the session's id.
    expect(s.success!.public_token).toBe('');
    expect(s.success!.metadata.accounts).toEqual([]);
    const idvEvents = s.events.filter((e) => e.name.startsWith('IDENTITY_VERIFICATION_'));
    expect(idvEvents[0]!.name).toBe('IDENTITY_VERIFICATION_CREATE_SESSION');
    for (const e of idvEvents) expect(e.metadata.link_session_id).toBe(id);
    const v = await get(id);
    expect(v.status).toBe(200);
    expect(v.body.status).toBe('success');
    expect(v.body.steps).toMatchObject({
      accept_tos: 'success',
      verify_sms: 'success',
      kyc_check: 'success',
    });
    expect(v.body.user.date_of_birth).toBe('1975-01-18');
    const names = s.events.map((e) => e.name);
    expect(names).toContain('IDENTITY_VERIFICATION_START_STEP');
    expect(names).toContain('IDENTITY_VERIFICATION_PASS_STEP');
    expect(names.at(-2)).toBe('IDENTITY_VERIFICATION_PASS_SESSION');
    expect(names.at(-1)).toBe('HANDOFF');
    const started = s.events
      .filter((e) => e.name === 'IDENTITY_VERIFICATION_START_STEP')
      .map((e) => e.metadata.view_name);
    expect(started).toEqual(['ACCEPT_TOS', 'VERIFY_SMS', 'KYC_CHECK']);
  });

  it('asks for an ID photo when the records do not match, and reports the failed session', async () => {
    const { page, link } = await l.openLink(await idvToken('e2e-mismatch'));
    await throughSms(link);
    await personalInfo(link, '1980-06-06');
    await link.getByRole('heading', { name: 'Take a photo of your ID' }).waitFor();
    await link
      .getByLabel('ID document photo')
      .setInputFiles({ name: 'license.png', mimeType: 'image/png', buffer: PNG });
    await link.getByRole('button', { name: 'Upload' }).click();
    const s = await succeeded(page);
    const v = await get(s.success!.metadata.link_session_id);
    expect(v.body.status).toBe('failed');
    expect(v.body.steps).toMatchObject({ kyc_check: 'failed', documentary_verification: 'failed' });
    expect(s.events.map((e) => e.name)).toContain('IDENTITY_VERIFICATION_FAIL_SESSION');
  });

  it("speaks the link token's language: a French session shows every pane in French, and onSuccess carries no public token there either", async () => {
    const { page, link } = await l.openLink(await idvToken('e2e-leslie-fr', 'fr'));
    await link.getByRole('heading', { name: 'Vérifiez votre identité' }).waitFor();
    await link.getByText('Test App utilise Weft pour vérifier votre identité', { exact: false }).waitFor();
    await link.getByRole('button', { name: 'J’accepte' }).click();
    await link.getByRole('heading', { name: 'Saisissez votre numéro de téléphone' }).waitFor();
    await link.getByLabel('Numéro de mobile').fill('234-567-8909');
    await link.getByRole('button', { name: 'Envoyer le code' }).click();
    await link.getByRole('heading', { name: 'Saisissez le code envoyé' }).waitFor();
    await link.getByText('Nous avons envoyé un code au +12345678909.').waitFor();
    await link.getByLabel('Code de vérification').fill('22222');
    await link.getByRole('button', { name: 'Vérifier' }).click();
    await link.getByRole('alert').filter({ hasText: 'Ce code est incorrect. Réessayez.' }).waitFor();
    await link.getByLabel('Code de vérification').fill('11111');
    await link.getByRole('button', { name: 'Vérifier' }).click();
    await link.getByRole('heading', { name: 'Vos informations personnelles' }).waitFor();
    await link.getByLabel('Prénom').fill('Leslie');
    await link.getByLabel('Nom', { exact: true }).fill('Knope');
    await link.getByLabel('Date de naissance').fill('1980-06-06');
    await link.getByLabel('Adresse').fill('123 Main St.');
    await link.getByLabel('Ville').fill('Pawnee');
    await link.getByLabel('État').fill('IN');
    await link.getByLabel('Code postal').fill('46001');
    await link.getByRole('button', { name: 'Continuer' }).click();
    await link.getByRole('heading', { name: 'Prenez en photo votre pièce d’identité' }).waitFor();
    await link.getByRole('button', { name: 'Envoyer' }).click();
    await link
      .getByRole('alert')
      .filter({ hasText: 'Choisissez une photo de votre pièce d’identité.' })
      .waitFor();
    await link
      .getByLabel('Photo de la pièce d’identité')
      .setInputFiles({ name: 'permis.png', mimeType: 'image/png', buffer: PNG });
    await link.getByRole('button', { name: 'Envoyer' }).click();
    const s = await succeeded(page);
    expect(s.success!.public_token).toBe('');
    const v = await get(s.success!.metadata.link_session_id);
    expect(v.body.status).toBe('failed');
    expect(s.events.map((e) => e.name)).toContain('IDENTITY_VERIFICATION_FAIL_SESSION');
  });

  it('reports RESUME_SESSION for a session some of whose steps already ran, and onExit names the verification', async () => {
    const made = await post<{ id: string }>(l.weft, '/identity_verification/create', {
      ...auth(l.weft.clientA),
      client_user_id: 'e2e-resumed',
      template_id: 'idvtmp_e2eflow000001',
      is_shareable: false,
      gave_consent: true,
      user: { phone_number: '+12345678909' },
    });
    expect(made.status).toBe(200);
    const { page, link } = await l.openLink(await idvToken('e2e-resumed', 'de'));
    await link.getByRole('heading', { name: 'Ihre persönlichen Daten' }).waitFor();
    await link.getByLabel('Vorname').waitFor();
    await page.evaluate(() =>
      (window as unknown as { __handler: { exit(o: object): void } }).__handler.exit({ force: true }),
    );
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit!.metadata.link_session_id).toBe(made.body.id);
    const idvEvents = s.events.filter((e) => e.name.startsWith('IDENTITY_VERIFICATION_'));
    expect(idvEvents.map((e) => e.name)).toEqual([
      'IDENTITY_VERIFICATION_RESUME_SESSION',
      'IDENTITY_VERIFICATION_START_STEP',
    ]);
    expect(idvEvents.every((e) => e.metadata.link_session_id === made.body.id)).toBe(true);
  });
});
