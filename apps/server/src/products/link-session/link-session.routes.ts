import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../../app-context';
import { errors } from '../../http/errors';
import { IMPORT_BODY_LIMIT } from '../statement-import/statement-import.schemas';
import { BANK_CLOSE_JS, BANK_CSS, bankCsp, renderBankDone, renderBankPage } from './link-session.bank-page';
import type { LinkSearchResponse } from './link-session.contract';
import {
  CredentialsBody,
  EventsBody,
  ExitBody,
  FilesBody,
  InstitutionBody,
  MfaBody,
  OauthForm,
  OauthQuery,
  SearchBody,
  SelectBody,
  SessionBody,
  StartBody,
} from './link-session.schemas';
import { LinkSessionService } from './link-session.service';
import { linkStaticRoutes } from './link-static';

const S = '/weft/link/session';

/**
 * Link's own API (Weft-only, under /weft/link): the Link UI drives a session through it with the
 * link token as its credential (`Authorization: Bearer link-…`). Also serves the Link UI itself
 * at /link and the simulated bank's OAuth consent page.
 */
export async function linkSessionRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const sessions = new LinkSessionService(ctx);

  app.post(`${S}/start`, { schema: { body: StartBody } }, async (req) =>
    sessions.start(linkToken(req), req.body.received_redirect_uri),
  );
  app.post(
    `${S}/search`,
    { schema: { body: SearchBody } },
    async (req): Promise<LinkSearchResponse> => ({
      institutions: await sessions.search(linkToken(req), req.body.link_session_id, req.body.query),
    }),
  );
  app.post(`${S}/institution`, { schema: { body: InstitutionBody } }, async (req) =>
    sessions.selectInstitution(linkToken(req), req.body.link_session_id, req.body.institution_id),
  );
  app.post(`${S}/back`, { schema: { body: SessionBody } }, async (req) =>
    sessions.backToInstitutions(linkToken(req), req.body.link_session_id),
  );
  app.post(`${S}/credentials`, { schema: { body: CredentialsBody } }, async (req) =>
    sessions.submitCredentials(
      linkToken(req),
      req.body.link_session_id,
      req.body.username,
      req.body.password,
    ),
  );
  app.post(`${S}/mfa`, { schema: { body: MfaBody } }, async (req) =>
    sessions.submitMfa(linkToken(req), req.body.link_session_id, req.body.answers),
  );
  app.post(`${S}/files`, { schema: { body: FilesBody }, bodyLimit: IMPORT_BODY_LIMIT }, async (req) =>
    sessions.uploadFiles(linkToken(req), req.body.link_session_id, req.body.files),
  );
  app.post(`${S}/files/continue`, { schema: { body: SessionBody } }, async (req) =>
    sessions.continueFromFiles(linkToken(req), req.body.link_session_id),
  );
  app.post(`${S}/select`, { schema: { body: SelectBody } }, async (req) =>
    sessions.selectAccounts(linkToken(req), req.body.link_session_id, req.body.account_ids),
  );
  app.post(`${S}/poll`, { schema: { body: SessionBody } }, async (req) =>
    sessions.poll(linkToken(req), req.body.link_session_id),
  );
  app.post(`${S}/events`, { schema: { body: EventsBody } }, async (req) => {
    await sessions.recordEvents(linkToken(req), req.body.link_session_id, req.body.events);
    return { ok: true };
  });
  app.post(`${S}/exit`, { schema: { body: ExitBody } }, async (req) =>
    sessions.exit(linkToken(req), req.body.link_session_id, req.body.error),
  );

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    // The bank page posts an HTML form; only this scope parses url-encoded bodies.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get('/weft/link/oauth/bank.css', async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(BANK_CSS),
    );
    scope.get('/weft/link/oauth/close.js', async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').send(BANK_CLOSE_JS),
    );
    scope.get('/weft/link/oauth/bank', { schema: { querystring: OauthQuery } }, async (req, reply) => {
      const consent = await sessions.oauthConsent(req.query.oauth_state_id);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', bankCsp(consent.redirectUri))
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(renderBankPage(consent, req.query.oauth_state_id));
    });
    scope.post('/weft/link/oauth/bank', { schema: { body: OauthForm } }, async (req, reply) => {
      const { redirectUri } = await sessions.oauthDecide(
        req.body.oauth_state_id,
        req.body.decision === 'approve',
      );
      if (redirectUri) return reply.header('referrer-policy', 'no-referrer').redirect(redirectUri, 303);
      return reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', bankCsp(null))
        .send(renderBankDone());
    });
  });

  await app.register(linkStaticRoutes);
}

/** The link token from `Authorization: Bearer …`: Link's only credential. */
function linkToken(req: FastifyRequest): string {
  const h = req.headers.authorization;
  const m = h ? /^Bearer (\S+)$/.exec(h) : null;
  if (!m) throw errors.invalidLinkToken();
  return m[1]!;
}
