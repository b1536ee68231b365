import type { OauthConsent } from './link-session.oauth';

/** The stylesheet of the simulated bank's pages (served as a file: the pages allow no inline style). */
export const BANK_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#f4f4f6;color:#1c1c1e}
main{max-width:420px;margin:8vh auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 4px 24px #0002}
h1{font-size:1.3rem;margin:0 0 8px}
.bank{font-weight:700;margin-bottom:16px}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px}
dt{color:#666}
.actions{display:flex;gap:12px;margin-top:24px}
button{flex:1;padding:12px;font:inherit;border-radius:8px;border:1px solid #1c1c1e;background:#fff;cursor:pointer}
button[value=approve]{background:#1c1c1e;color:#fff}
button:focus-visible{outline:3px solid #4c7cf0;outline-offset:2px}
.note{color:#666;font-size:.85rem}`;

/** The script of the popup "done" page: it closes the window it runs in. */
export const BANK_CLOSE_JS = 'window.close();';

/** Strict CSP for the bank pages; form-action must allow the app's redirect_uri (Chrome checks redirects). */
export function bankCsp(redirectUri: string | null): string {
  const target = redirectUri ? ` ${new URL(redirectUri).origin}` : '';
  return `default-src 'none'; style-src 'self'; script-src 'self'; form-action 'self'${target}; frame-ancestors 'none'; base-uri 'none'`;
}

/** The simulated bank's consent page: approve or deny access (or a payment). */
export function renderBankPage(c: OauthConsent, oauthStateId: string): string {
  const what = c.payment
    ? `<p>${esc(c.clientName)} asks you to approve this payment.</p><dl><dt>To</dt><dd>${esc(c.payment.recipient_name)}</dd><dt>Amount</dt><dd>${esc(formatAmount(c.payment.amount))}</dd><dt>Reference</dt><dd>${esc(c.payment.reference)}</dd></dl>`
    : `<p>${esc(c.clientName)} asks to see your accounts and their balances and transactions.</p>`;
  return page(
    `${esc(c.institution.name)}: authorise`,
    `<div class="bank">${esc(c.institution.name)}</div><h1>Authorise access</h1>${what}
<p class="note">Sandbox bank: you are signed in as a test user.</p>
<form method="post" action="/weft/link/oauth/bank"><input type="hidden" name="oauth_state_id" value="${esc(oauthStateId)}">
<div class="actions"><button type="submit" name="decision" value="deny">Deny</button><button type="submit" name="decision" value="approve" autofocus>Approve</button></div></form>`,
  );
}

/** Shown in a popup once the user answered; the Link window picks up the result by itself. */
export function renderBankDone(): string {
  return page(
    'Done',
    '<h1>All set</h1><p>You can close this window and return to the app.</p><script src="/weft/link/oauth/close.js"></script>',
  );
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/weft/link/oauth/bank.css"></head><body><main>${body}</main></body></html>`;
}

function formatAmount(a: { currency: string; value: number }): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: a.currency }).format(a.value);
  } catch {
    return `${a.value} ${a.currency}`;
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
