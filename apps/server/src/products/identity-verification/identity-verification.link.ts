import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../../app-context';
import { errors, PlaidError } from '../../http/errors';
import { NonEmpty, Nullable } from '../../http/schema-kit';
import type { LinkTokenConfig } from '../link/link.service';
import type { LinkIdvState } from '../link-session/link-session.contract';
import type { IdentityVerificationService, IdvView } from './identity-verification.service';
import { userFromInput } from './identity-verification.service';

const S = '/weft/link/session/idv';
const Session = { link_session_id: NonEmpty({ maxLength: 64 }) };
/** A document image may be a few megabytes once base64-encoded. */
const DOCUMENT_BODY_LIMIT = 8 * 1024 * 1024;

/** Where Link shows a session: its open step (the phone asked before the code), or done. */
export function linkState(v: IdvView): LinkIdvState {
  const s = v.steps;
  const pane: LinkIdvState['pane'] =
    v.row.status !== 'active'
      ? 'done'
      : s.accept_tos === 'active'
        ? 'accept_tos'
        : s.verify_sms === 'active'
          ? v.user.phone_number
            ? 'sms_code'
            : 'phone'
          : s.kyc_check === 'active'
            ? 'personal_info'
            : s.documentary_verification === 'active'
              ? 'document'
              : 'done';
  return {
    identity_verification_id: v.row.id,
    status: v.row.status,
    steps: { ...s },
    pane,
    phone_number: v.user.phone_number,
  };
}

/** The link token's Identity Verification options, when it asks for the product. */
function idvOptions(config: LinkTokenConfig): { templateId: string; gaveConsent: boolean } | null {
  if (!(config.products ?? []).includes('identity_verification')) return null;
  const o = (config as { identity_verification?: Record<string, unknown> }).identity_verification;
  const templateId = o?.template_id;
  if (typeof templateId !== 'string' || !templateId)
    throw new PlaidError(
      'INVALID_FIELD',
      'identity_verification.template_id is required for identity_verification',
    );
  return { templateId, gaveConsent: o?.gave_consent === true || o?.consent === true };
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Identity Verification in Link: the start hook opens (or resumes) the user's session for a link
 * token made for it, and /weft/link/session/idv/* move it on as the user accepts the terms, enters
 * the phone and the SMS code, gives their personal information and captures a document.
 */
export function identityVerificationLink(
  app: WeftApp,
  ctx: WeftContext,
  idv: IdentityVerificationService,
): void {
  ctx.linkHooks.identityVerification = {
    async start(clientId, config) {
      const o = idvOptions(config);
      if (!o) return null;
      const phone = config.user.phone_number;
      const v = await idv.openForLink(clientId, o.templateId, config.user.client_user_id, o.gaveConsent, {
        phone_number: phone && E164.test(phone) ? phone : null,
        email_address: config.user.email_address ?? null,
      });
      return linkState(v);
    },
  };

  /** The link token's client and its session, or Plaid's error for a token not made for it. */
  const sessionOf = async (req: FastifyRequest) => {
    const h = req.headers.authorization;
    const m = h ? /^Bearer (\S+)$/.exec(h) : null;
    if (!m) throw errors.invalidLinkToken();
    const view = await ctx.link.getForLink(m[1]!);
    const o = idvOptions(view.config);
    if (!o) throw new PlaidError('INVALID_FIELD', 'this link token is not for identity_verification');
    const clientId = view.row.client_id;
    const v = await idv.openForLink(
      clientId,
      o.templateId,
      view.config.user.client_user_id,
      o.gaveConsent,
      {},
    );
    return { clientId, id: v.row.id };
  };

  app.post(`${S}/accept_tos`, { schema: { body: Type.Object(Session) } }, async (req) => {
    const s = await sessionOf(req);
    return linkState(await idv.progress(s.clientId, s.id, { consent: true }));
  });
  app.post(
    `${S}/phone`,
    { schema: { body: Type.Object({ ...Session, phone_number: Type.String({ pattern: E164.source }) }) } },
    async (req) => {
      const s = await sessionOf(req);
      return linkState(
        await idv.progress(s.clientId, s.id, { user: { phone_number: req.body.phone_number } }),
      );
    },
  );
  app.post(
    `${S}/sms_code`,
    { schema: { body: Type.Object({ ...Session, code: Type.String({ pattern: '^\\d{4,8}$' }) }) } },
    async (req) => {
      const s = await sessionOf(req);
      return linkState(await idv.progress(s.clientId, s.id, { smsCode: req.body.code }));
    },
  );
  app.post(
    `${S}/personal_info`,
    {
      schema: {
        body: Type.Object({
          ...Session,
          name: Type.Object({
            given_name: NonEmpty({ maxLength: 100 }),
            family_name: NonEmpty({ maxLength: 100 }),
          }),
          date_of_birth: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
          address: Type.Object({
            street: NonEmpty({ maxLength: 200 }),
            street2: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            city: NonEmpty({ maxLength: 100 }),
            region: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
            postal_code: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
            country: Type.String({ minLength: 2, maxLength: 2 }),
          }),
          id_number: Type.Optional(
            Nullable(Type.Object({ value: NonEmpty({ maxLength: 64 }), type: NonEmpty({ maxLength: 32 }) })),
          ),
        }),
      },
    },
    async (req) => {
      const s = await sessionOf(req);
      const { link_session_id: _id, ...given } = req.body;
      if (!/^[A-Za-z]{2}$/.test(given.address.country))
        throw new PlaidError('INVALID_FIELD', 'address.country must be a two-letter country code');
      const u = userFromInput(given);
      return linkState(
        await idv.progress(s.clientId, s.id, {
          user: { name: u.name, date_of_birth: u.date_of_birth, address: u.address, id_number: u.id_number },
        }),
      );
    },
  );
  app.post(
    `${S}/document`,
    {
      bodyLimit: DOCUMENT_BODY_LIMIT,
      schema: {
        body: Type.Object({
          ...Session,
          content_type: Type.Union([Type.Literal('image/jpeg'), Type.Literal('image/png')]),
          image_base64: Type.String({ minLength: 4, maxLength: DOCUMENT_BODY_LIMIT }),
        }),
      },
    },
    async (req) => {
      const s = await sessionOf(req);
      return linkState(await idv.addDocument(s.clientId, s.id, req.body.content_type, req.body.image_base64));
    },
  );
}
