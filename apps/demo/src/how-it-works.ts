import { h } from './dom';

const STEPS: { title: string; call?: string; text: string }[] = [
  {
    title: 'The app server asks for a link token',
    call: 'POST /link/token/create',
    text:
      'Using its client_id and secret, this demo’s server asks Weft for a link token that names the ' +
      'products it wants and an id for the user. The token is short-lived and grants nothing on its ' +
      'own, so it is safe to hand to the browser.',
  },
  {
    title: 'The page opens Link',
    call: 'Plaid.create({ token, onSuccess, onExit }).open()',
    text:
      'The page loads /link/link-initialize.js from Weft, the same drop-in script an app would load ' +
      'from Plaid. Link runs in a frame served by Weft: the user picks a bank, signs in and chooses ' +
      'accounts there. Their username and password go to Weft only; this page never sees them.',
  },
  {
    title: 'Link hands back a public token',
    call: 'onSuccess(public_token, metadata)',
    text:
      'When the user is done, Link calls onSuccess with a public token, good once and for 30 minutes, ' +
      'plus the institution and the accounts chosen. The page passes the token to its own server.',
  },
  {
    title: 'The server swaps it for an access token',
    call: 'POST /item/public_token/exchange',
    text:
      'The server exchanges the public token for an access_token and an item_id. The access token is ' +
      'the lasting key to this bank connection (the Item): it belongs on the server, next to the ' +
      'secret. This demo keeps it in memory, tied to a session cookie; the browser never gets it.',
  },
  {
    title: 'The server reads the data',
    call: 'POST /accounts/balance/get, /auth/get, /transactions/sync …',
    text:
      'With the access token the server calls each product the Item supports and sends the page only ' +
      'what it wants to show. Each table is headed by the call that produced it.',
  },
];

/** The "How did this work?" panel: Link and the token exchange, step by step. */
export function howItWorks(open: boolean): HTMLElement {
  return h(
    'details',
    { class: 'card explainer', open },
    h('summary', {}, h('span', { class: 'explainer-title' }, 'How did this work?')),
    h(
      'ol',
      { class: 'steps' },
      ...STEPS.map((s) =>
        h(
          'li',
          {},
          h('strong', {}, s.title),
          s.call ? h('code', { class: 'call' }, s.call) : null,
          h('p', {}, s.text),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      'Any app built on Plaid works the same way against Weft: point the official client’s basePath ' +
        'at your Weft server and load Link from it. This demo’s server is apps/server/src/demo.',
    ),
  );
}
