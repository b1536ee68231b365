import { api, type DemoConfig } from './api';
import { replace } from './dom';
import { loadLink } from './plaid-link';
import { busyView, landingView, successView } from './views';

const root = document.getElementById('app')!;
/** Kept across an OAuth bank's redirect so Link can resume the same session. */
const TOKEN_KEY = 'weft-demo-link-token';

let config: DemoConfig = {
  modes: [
    {
      id: 'data',
      label: 'Account data',
      description: '',
      hint: { institution: 'First Platypus Bank', username: 'user_good', password: 'pass_good' },
    },
  ],
  linked: false,
  mode: 'data',
};

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showLanding(busy: string | null = null, error: string | null = null): void {
  replace(root, ...landingView(config, busy, error, { onLaunch: (mode) => void launch(mode) }));
}

/** Shows a view and moves focus to its heading, so keyboard and screen reader users follow along. */
function focusHeading(): void {
  const heading = root.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

async function launch(mode: string): Promise<void> {
  config.mode = mode;
  showLanding('Preparing Link…');
  try {
    const { link_token } = await api.createLinkToken(mode, `${window.location.origin}/`);
    sessionStorage.setItem(TOKEN_KEY, link_token);
    await openLink(link_token);
  } catch (e) {
    showLanding(null, message(e));
  }
}

async function openLink(token: string, receivedRedirectUri?: string): Promise<void> {
  const Plaid = await loadLink();
  const handler = Plaid.create({
    token,
    ...(receivedRedirectUri ? { receivedRedirectUri } : {}),
    onSuccess: (publicToken) => {
      // Let Link finish closing before its frame is torn down.
      setTimeout(() => handler.destroy(), 0);
      void finish(publicToken);
    },
    onExit: (error) => {
      setTimeout(() => handler.destroy(), 0);
      sessionStorage.removeItem(TOKEN_KEY);
      leaveRedirect();
      showLanding(null, error ? error.display_message || error.error_message : null);
      // The button that opened Link was re-rendered meanwhile: give keyboard users a place to land.
      document.getElementById('launch-link')?.focus();
    },
  });
  showLanding('Link is open…');
  handler.open();
}

async function finish(publicToken: string): Promise<void> {
  sessionStorage.removeItem(TOKEN_KEY);
  leaveRedirect();
  try {
    replace(root, busyView('Exchanging the public token on the server…'));
    await api.exchange(publicToken);
    config.linked = true;
    await showResult();
  } catch (e) {
    showLanding(null, message(e));
  }
}

async function showResult(): Promise<void> {
  replace(root, busyView('Fetching the Item’s data…'));
  try {
    const result = await api.data();
    replace(root, ...successView(result, () => void reset()));
    focusHeading();
  } catch (e) {
    config.linked = false;
    showLanding(null, message(e));
  }
}

async function reset(): Promise<void> {
  replace(root, busyView('Removing the Item…'));
  await api.reset().catch(() => undefined);
  config.linked = false;
  showLanding();
  focusHeading();
}

/** Drops the OAuth return parameters from the address bar once they have been used. */
function leaveRedirect(): void {
  if (window.location.search) window.history.replaceState(null, '', '/');
}

async function start(): Promise<void> {
  try {
    config = await api.config();
  } catch (e) {
    showLanding(null, `The demo server did not answer: ${message(e)}`);
    return;
  }
  const params = new URLSearchParams(window.location.search);
  const pending = sessionStorage.getItem(TOKEN_KEY);
  if (params.has('oauth_state_id')) {
    if (!pending) {
      leaveRedirect();
      showLanding(null, 'The Link session to resume was not found. Please start again.');
      return;
    }
    showLanding('Resuming Link…');
    await openLink(pending, window.location.href).catch((e: unknown) => showLanding(null, message(e)));
    return;
  }
  if (config.linked) {
    await showResult();
    return;
  }
  showLanding();
  // Fetch Link's script early so the first click opens it without waiting.
  void loadLink().catch(() => undefined);
}

void start();
