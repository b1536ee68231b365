import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  LinkError,
  LinkExitMetadata,
  LinkIdvState,
  LinkPane,
  LinkStartResponse,
} from '../../server/src/products/link-session/link-session.contract';
import { LinkApiError, SessionApi } from './api';
import { Dialog } from './dialog';
import { Host } from './host';
import { ENGLISH, loadTranslator, type Translator } from './i18n/i18n';
import { ConsentPane, PaymentPane } from './panes/consent';
import { CredentialsPane } from './panes/credentials';
import { ErrorPane } from './panes/error';
import { ExitPane } from './panes/exit';
import { FilesPane } from './panes/files';
import { IdentityVerificationPane } from './panes/identity-verification';
import { InstitutionPane } from './panes/institution';
import { MfaPane } from './panes/mfa';
import { OauthPane } from './panes/oauth';
import { SelectAccountPane } from './panes/select-account';
import { SuccessPane } from './panes/success';
import type { LinkEventMetadata } from './protocol';
import { asksBeforeExit, backOf, type View, viewName, viewOf } from './view';

const host = new Host();

/** Link: one modal that walks a session from consent to success (or exit). */
export function App() {
  const [view, setView] = useState<View>({ v: 'loading' });
  const [start, setStart] = useState<LinkStartResponse | null>(null);
  // Link's words in the link token's language, once the session has started (Plaid's `language`).
  const [i18n, setI18n] = useState<Translator>(ENGLISH);
  const [visible, setVisible] = useState(!host.connected);
  const [busy, setBusy] = useState(false);
  // The exit confirmation (Plaid's EXIT view) shown over the current pane.
  const [asking, setAsking] = useState(false);
  const askingRef = useRef(false);
  const leaving = useRef(false);
  const api = useRef<SessionApi | null>(null);
  const init = useRef<{ token: string; redirect: string | null } | null>(null);
  const finished = useRef(false);
  const lastError = useRef<LinkError | null>(null);
  const lastRequestId = useRef('');
  const viewRef = useRef(view);
  viewRef.current = view;

  const emit = useCallback((eventName: string, extra: Partial<LinkEventMetadata> = {}) => {
    const metadata: LinkEventMetadata = {
      error_type: null,
      error_code: null,
      error_message: null,
      exit_status: null,
      institution_id: null,
      institution_name: null,
      institution_search_query: null,
      mfa_type: null,
      view_name: null,
      selection: null,
      request_id: extra.request_id ?? '',
      link_session_id: api.current?.sessionId ?? '',
      timestamp: new Date().toISOString(),
      is_update_mode: null,
      ...extra,
    };
    host.send({ type: 'event', eventName, metadata });
    // Weft's record (/link/token/get's event_metadata) holds only fields Plaid's spec declares
    // there, and only those set: the spec types them as strings, not null.
    const { link_session_id: _id, timestamp: _ts, is_update_mode: _update, ...rest } = metadata;
    const record = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
    api.current?.events([{ event_name: eventName, metadata: record }]);
  }, []);

  /** Reports that the user now sees `v` (or, with `name`, another view over it) as Plaid does. */
  const announce = useCallback(
    (v: View, name = viewName(v)) => {
      if (!name) return;
      const inst = 'institution' in v ? v.institution : null;
      emit('TRANSITION_VIEW', {
        view_name: name,
        institution_id: inst?.institution_id ?? null,
        institution_name: inst?.name ?? null,
        mfa_type: v.v === 'mfa' && name === 'MFA' ? mfaType(v.challenge.type) : null,
        ...(v.v === 'error' ? errorFields(v.error) : {}),
      });
    },
    [emit],
  );

  const ask = useCallback((on: boolean) => {
    askingRef.current = on;
    setAsking(on);
  }, []);

  /** Moves to a view and reports the transition as Plaid does. */
  const go = useCallback(
    (next: View) => {
      setView(next);
      // A reply that lands while the user is being asked stays behind the question (announced if
      // they stay); success or an error ends the question, as there is nothing left to lose.
      if (askingRef.current && asksBeforeExit(next)) return;
      if (askingRef.current) ask(false);
      announce(next);
      if (next.v === 'error')
        emit('ERROR', { ...errorFields(next.error), view_name: 'ERROR', request_id: lastRequestId.current });
      if (next.v === 'success' || next.v === 'error') finished.current = next.v === 'success';
    },
    [announce, ask, emit],
  );

  /** Starts (or restarts) the session; resolves to Link's words in the link token's language. */
  const begin = useCallback(async (): Promise<Translator> => {
    const i = init.current;
    if (!i) return ENGLISH;
    api.current = new SessionApi(i.token);
    finished.current = false;
    leaving.current = false;
    lastError.current = null;
    ask(false);
    try {
      const s = await api.current.start(i.redirect);
      // The page hears that Link is loaded only after this, so no pane shows before its words.
      const words = await loadTranslator(s.language);
      document.documentElement.lang = words.lang;
      setI18n(words);
      setStart(s);
      // A redirect is consumed once: reopening later starts a fresh session.
      i.redirect = null;
      setView(
        s.resume
          ? viewOf(s.resume)
          : s.identity_verification
            ? { v: 'idv', idv: s.identity_verification }
            : { v: 'consent' },
      );
      return words;
    } catch (e) {
      setView({ v: 'error', institution: null, error: asError(e), fatal: true });
      return ENGLISH;
    }
  }, [ask]);

  /** Hands the public token to the page (Plaid's HANDOFF, then onSuccess). */
  const finish = useCallback(() => {
    const current = viewRef.current;
    if (current.v !== 'success') return;
    emit('HANDOFF', {});
    setVisible(false);
    host.send({ type: 'success', publicToken: current.public_token, metadata: current.metadata });
  }, [emit]);

  /**
   * An Identity Verification ended (passed, failed or in review): Plaid reports the outcome, then
   * onSuccess with the verification's id as link_session_id, whatever the outcome.
   */
  const finishIdv = useCallback(
    (s: LinkIdvState) => {
      if (finished.current) return;
      finished.current = true;
      emit(
        s.status === 'success'
          ? 'IDENTITY_VERIFICATION_PASS_SESSION'
          : s.status === 'pending_review'
            ? 'IDENTITY_VERIFICATION_PENDING_REVIEW_SESSION'
            : 'IDENTITY_VERIFICATION_FAIL_SESSION',
        { link_session_id: s.identity_verification_id },
      );
      emit('HANDOFF', {});
      setVisible(false);
      host.send({
        type: 'success',
        publicToken: '',
        metadata: {
          institution: null,
          accounts: [],
          link_session_id: s.identity_verification_id,
          transfer_status: null,
          public_token: '',
        },
      });
    },
    [emit],
  );

  /** Leaves Link: records the exit, then hands Plaid's onExit arguments to the page. */
  const exit = useCallback(async () => {
    const current = viewRef.current;
    if (current.v === 'success') {
      finish();
      return;
    }
    if (leaving.current) return;
    leaving.current = true;
    const error = current.v === 'error' ? current.error : lastError.current;
    let metadata: LinkExitMetadata = {
      institution: null,
      status: null,
      link_session_id: api.current?.sessionId ?? '',
      request_id: '',
    };
    try {
      if (api.current?.sessionId) metadata = (await api.current.exit(error)).metadata;
    } catch {
      // The page still learns that the user left, even if Weft could not record it.
    }
    // As at Plaid, an Identity Verification session is known by the verification's id.
    if (current.v === 'idv')
      metadata = { ...metadata, link_session_id: current.idv.identity_verification_id };
    emit('EXIT', { exit_status: metadata.status, ...(error ? errorFields(error) : {}) });
    finished.current = true;
    ask(false);
    setVisible(false);
    host.send({ type: 'exit', error, metadata });
  }, [ask, emit, finish]);

  /**
   * The user (close button, Escape) or the page (`exit()`) wants to leave. Mid-flow Link asks
   * first, as Plaid's does; `force` (the page's `exit({ force: true })`) never asks.
   */
  const leave = useCallback(
    (force: boolean) => {
      const current = viewRef.current;
      if (force || !asksBeforeExit(current)) return void exit();
      if (askingRef.current || leaving.current) return;
      ask(true);
      announce(current, 'EXIT');
    },
    [announce, ask, exit],
  );

  /** The user chose to stay: back to the pane they were on (or the one that arrived meanwhile). */
  const stay = useCallback(() => {
    if (!askingRef.current || leaving.current) return;
    ask(false);
    announce(viewRef.current);
  }, [announce, ask]);

  useEffect(() => {
    const stop = host.listen((m) => {
      if (m.type === 'init') {
        init.current = { token: m.token, redirect: m.receivedRedirectUri };
        void begin().then((words) => host.send({ type: 'loaded', title: words.t('app.frameTitle') }));
      } else if (m.type === 'open') {
        const reopen = finished.current ? begin() : Promise.resolve();
        void reopen.then(() => {
          setVisible(true);
          const name = viewName(viewRef.current);
          emit('OPEN', { view_name: name });
          if (name) emit('TRANSITION_VIEW', { view_name: name });
        });
      } else if (m.type === 'exit') {
        leave(m.force === true);
      }
    });
    host.send({ type: 'ready' });
    return stop;
  }, [begin, emit, leave]);

  /** Runs a session call; Plaid errors become inline (retryable) or the error pane. */
  const run = useCallback(
    async (call: (a: SessionApi) => Promise<LinkPane>, retry?: (e: LinkError) => View | null) => {
      const a = api.current;
      if (!a || busy) return;
      setBusy(true);
      try {
        go(viewOf(await call(a)));
        lastError.current = null;
      } catch (e) {
        const error = asError(e);
        lastRequestId.current = e instanceof LinkApiError ? e.requestId : '';
        lastError.current = error;
        const inline = retry?.(error) ?? null;
        if (inline) {
          setView(inline);
          emit('ERROR', {
            ...errorFields(error),
            view_name: viewName(inline),
            request_id: lastRequestId.current,
          });
        } else {
          const v = viewRef.current;
          go({ v: 'error', institution: 'institution' in v ? v.institution : null, error, fatal: false });
        }
      } finally {
        setBusy(false);
      }
    },
    [busy, emit, go],
  );

  if (!visible) return null;
  const clientName = start?.client_name ?? i18n.t('app.clientFallback');
  const inst = 'institution' in view ? view.institution : null;
  const back = backOf(view, {
    payment: Boolean(start?.payment),
    fixedInstitution: Boolean(start?.institution),
  });
  // Going back leaves the last error behind. Away from a bank the session goes back too (dropping
  // the MFA round, sealed credentials or OAuth consent), so onExit reports where the user is.
  const goBack = (to: View) => {
    lastError.current = null;
    if (view.v === 'mfa') return void run((a) => a.institution(view.institution.institution_id));
    if (to.v === 'institution' && inst) return void run((a) => a.back());
    go(to);
  };
  return (
    <Dialog
      i18n={i18n}
      onClose={() => (askingRef.current ? stay() : leave(false))}
      question={
        asking ? (
          <ExitPane clientName={clientName} institution={inst} onStay={stay} onExit={() => void exit()} />
        ) : null
      }
      busy={busy}
      paneKey={paneKey(view)}
      onBack={back ? () => goBack(back) : null}
    >
      {view.v === 'loading' && <p className="center pane-body">{i18n.t('app.loading')}</p>}
      {view.v === 'consent' && (
        <ConsentPane
          clientName={clientName}
          update={start?.mode === 'update'}
          onContinue={() => {
            if (start?.payment) return go({ v: 'payment' });
            if (start?.institution) {
              const fixed = start.institution;
              return void run((a) => a.institution(fixed.institution_id));
            }
            go({ v: 'institution' });
          }}
        />
      )}
      {view.v === 'payment' && start?.payment && (
        <PaymentPane
          payment={start.payment}
          clientName={clientName}
          onContinue={() => go({ v: 'institution' })}
        />
      )}
      {view.v === 'institution' && api.current && (
        <InstitutionPane
          api={api.current}
          popular={start?.popular ?? []}
          onSearch={(q) =>
            emit('SEARCH_INSTITUTION', { institution_search_query: q, view_name: 'SELECT_INSTITUTION' })
          }
          onSelect={(inst) => {
            emit('SELECT_INSTITUTION', {
              institution_id: inst.institution_id,
              institution_name: inst.name,
            });
            void run((a) => a.institution(inst.institution_id));
          }}
        />
      )}
      {view.v === 'credentials' && (
        <CredentialsPane
          institution={view.institution}
          error={view.error ?? null}
          busy={busy}
          onSubmit={(username, password) => {
            emit('SUBMIT_CREDENTIALS', {
              institution_id: view.institution.institution_id,
              institution_name: view.institution.name,
            });
            void run(
              (a) => a.credentials(username, password),
              (e) => (e.error_code === 'INVALID_CREDENTIALS' ? { ...view, error: e } : null),
            );
          }}
        />
      )}
      {view.v === 'mfa' && (
        <MfaPane
          key={paneKey(view)}
          institution={view.institution}
          challenge={view.challenge}
          error={view.error ?? null}
          busy={busy}
          onSubmit={(answers) => {
            emit('SUBMIT_MFA', {
              mfa_type: mfaType(view.challenge.type),
              institution_id: view.institution.institution_id,
              institution_name: view.institution.name,
            });
            void run(
              (a) => a.mfa(answers),
              (e) => (e.error_code === 'INVALID_MFA' ? { ...view, error: e } : null),
            );
          }}
        />
      )}
      {view.v === 'oauth' && (
        <OauthPane
          view={view}
          onOpen={() => {
            emit('OPEN_OAUTH', {
              institution_id: view.institution.institution_id,
              institution_name: view.institution.name,
            });
            if (view.redirect) host.send({ type: 'navigate', url: view.oauthUrl });
            else setView({ ...view, waiting: true });
          }}
          poll={() => run((a) => a.poll())}
        />
      )}
      {view.v === 'files' && api.current && (
        <FilesPane
          view={view}
          api={api.current}
          busy={busy}
          emit={emit}
          onImported={() => setView((v) => (v.v === 'files' ? { ...v, imported: true } : v))}
          onContinue={() => void run((a) => a.filesContinue())}
        />
      )}
      {view.v === 'select_account' && (
        <SelectAccountPane view={view} busy={busy} onSubmit={(ids) => void run((a) => a.select(ids))} />
      )}
      {view.v === 'idv' && api.current && (
        <IdentityVerificationPane
          api={api.current}
          initial={view.idv}
          clientName={clientName}
          emit={emit}
          onDone={finishIdv}
        />
      )}
      {view.v === 'success' && <SuccessPane view={view} clientName={clientName} onContinue={finish} />}
      {view.v === 'error' && (
        <ErrorPane
          view={view}
          onRetry={
            view.fatal || start?.institution
              ? null
              : () => {
                  lastError.current = null;
                  go({ v: 'institution' });
                }
          }
          onExit={() => void exit()}
        />
      )}
    </Dialog>
  );
}

/** Identifies a pane: a new MFA round is a new pane (fresh fields, focus moved to them). */
function paneKey(v: View): string {
  return v.v === 'mfa' ? `mfa:${JSON.stringify(v.challenge)}` : v.v;
}

function asError(e: unknown): LinkError {
  if (e instanceof LinkApiError) return e.error;
  return {
    error_type: 'API_ERROR',
    error_code: 'INTERNAL_SERVER_ERROR',
    error_message: e instanceof Error ? e.message : 'an unexpected error occurred',
    display_message: 'Something went wrong. Please try again later.',
  };
}

function errorFields(e: LinkError): Partial<LinkEventMetadata> {
  return { error_type: e.error_type, error_code: e.error_code, error_message: e.error_message };
}

function mfaType(t: 'device' | 'questions' | 'selections'): string {
  return t === 'device' ? 'code' : t;
}
