import { ApiError, get, post, postPreSession, setCsrf } from './api';
import { announce, button, field, h, select, table, when } from './dom';
import { type Usage, usageChart } from './usage';

/** The signed-in member, as /dashboard/api/session answers. */
interface User {
  user_id: string;
  email: string;
  name: string;
  role: 'owner' | 'developer' | 'viewer';
  team: { team_id: string; name: string };
}
interface Session {
  signed_in: boolean;
  setup_required: boolean;
  csrf_token?: string;
  user?: User;
}

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const who = document.getElementById('who')!;
let user: User | null = null;

const PAGES: { id: string; label: string; render: () => Promise<Node[]> }[] = [
  { id: 'keys', label: 'Keys', render: keysPage },
  { id: 'items', label: 'Items', render: itemsPage },
  { id: 'logs', label: 'API logs', render: logsPage },
  { id: 'webhooks', label: 'Webhooks', render: webhooksPage },
  { id: 'link', label: 'Link sessions', render: linkSessionsPage },
  { id: 'usage', label: 'Usage', render: usagePage },
  { id: 'audit', label: 'Audit', render: auditPage },
  { id: 'team', label: 'Team', render: teamPage },
];

const canChange = () => user !== null && user.role !== 'viewer';

/** Replaces the main region and moves focus to its heading, so keyboard and screen-reader users land on the new page. */
function show(title: string, ...content: Node[]): void {
  const heading = h('h1', { tabindex: '-1' }, title);
  main.replaceChildren(heading, ...content);
  document.title = `${title} · Weft Dashboard`;
  heading.focus();
}

function errorBox(e: unknown): HTMLElement {
  const text = e instanceof ApiError ? `${e.message} (${e.code})` : String(e);
  return h('p', { class: 'error', role: 'alert' }, text);
}

/** Runs an action, reporting its failure in `where` (and to screen readers). */
async function attempt(where: HTMLElement, run: () => Promise<void>): Promise<void> {
  where.replaceChildren();
  try {
    await run();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NOT_SIGNED_IN') return boot();
    where.replaceChildren(errorBox(e));
    announce(e instanceof Error ? e.message : String(e));
  }
}

// ---- sign-in and setup ----

function formOf(
  fields: HTMLElement[],
  submit: string,
  onSubmit: (data: FormData) => Promise<void>,
): HTMLFormElement {
  const problems = h('div');
  const form = h('form', { class: 'card' }, ...fields, h('button', { type: 'submit' }, submit), problems);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void attempt(problems, () => onSubmit(new FormData(form)));
  });
  return form;
}

function input(name: string, type = 'text', attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { name, type, required: true, ...attrs });
}

function setupPage(): void {
  nav.replaceChildren();
  who.replaceChildren();
  show(
    'Set up the dashboard',
    h(
      'p',
      {},
      'Weft printed a one-time setup code when it started. Enter it to create your team and its owner.',
    ),
    formOf(
      [
        field('Setup code', input('setup_code', 'text', { autocomplete: 'off' })),
        field('Team name', input('team_name')),
        field('Your name', input('name', 'text', { autocomplete: 'name' })),
        field('Email', input('email', 'email', { autocomplete: 'username' })),
        field(
          'Password (12 characters or more)',
          input('password', 'password', { autocomplete: 'new-password', minlength: '12' }),
        ),
      ],
      'Create team',
      async (d) => {
        const s = await postPreSession<Session>('setup', Object.fromEntries(d));
        signedIn(s);
      },
    ),
  );
}

function loginPage(): void {
  nav.replaceChildren();
  who.replaceChildren();
  show(
    'Sign in',
    formOf(
      [
        field('Email', input('email', 'email', { autocomplete: 'username' })),
        field('Password', input('password', 'password', { autocomplete: 'current-password' })),
      ],
      'Sign in',
      async (d) => {
        const s = await postPreSession<Session>('login', Object.fromEntries(d));
        signedIn(s);
      },
    ),
  );
}

function signedIn(s: Session): void {
  setCsrf(s.csrf_token ?? '');
  user = s.user ?? null;
  if (!location.hash) location.hash = '#/keys';
  else void route();
}

async function boot(): Promise<void> {
  const s = await get<Session>('session');
  if (!s.signed_in) return s.setup_required ? setupPage() : loginPage();
  setCsrf(s.csrf_token ?? '');
  user = s.user ?? null;
  await route();
}

function renderChrome(current: string): void {
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...PAGES.map((p) =>
        h(
          'li',
          {},
          h('a', { href: `#/${p.id}`, 'aria-current': p.id === current ? 'page' : undefined }, p.label),
        ),
      ),
    ),
  );
  if (!user) return;
  const out = button(
    'Sign out',
    () =>
      void attempt(who, async () => {
        await post('logout');
        user = null;
        location.hash = '';
        await boot();
      }),
  );
  who.replaceChildren(h('span', {}, `${user.name} · ${user.team.name} · ${user.role}`), out);
}

async function route(): Promise<void> {
  if (!user) return boot();
  const id = location.hash.replace(/^#\//, '').split('?')[0] || 'keys';
  const page = PAGES.find((p) => p.id === id) ?? PAGES[0]!;
  renderChrome(page.id);
  try {
    show(page.label, ...(await page.render()));
  } catch (e) {
    if (e instanceof ApiError && e.code === 'NOT_SIGNED_IN') return boot();
    show(page.label, errorBox(e));
  }
}

window.addEventListener('hashchange', () => void route());
// The skip link moves focus to the page's content; the hash stays the page's route.
document.querySelector('.skip')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  main.focus();
});

// ---- Keys ----

interface Key {
  client_id: string;
  name: string;
  env: string;
  created_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
  origin: string;
}

/** Shows a secret once, with what to do with it. */
function secretNotice(clientId: string, secret: string): HTMLElement {
  return h(
    'div',
    { class: 'notice', role: 'alert' },
    h('p', {}, h('strong', {}, 'Copy this secret now: it is shown once.'), ' Only a hash of it is stored.'),
    h(
      'dl',
      {},
      h('dt', {}, 'client_id'),
      h('dd', {}, h('code', {}, clientId)),
      h('dt', {}, 'secret'),
      h('dd', {}, h('code', { 'data-secret': true }, secret)),
    ),
  );
}

async function keysPage(): Promise<Node[]> {
  const { keys } = await get<{ keys: Key[] }>('keys');
  const out = h('div');
  const rows = keys.map((k) => [
    h('code', {}, k.client_id),
    k.name,
    k.env,
    k.revoked_at ? `revoked ${when(k.revoked_at)}` : 'active',
    when(k.rotated_at ?? k.created_at),
    canChange() && !k.revoked_at
      ? h(
          'span',
          { class: 'actions' },
          button(
            'Rotate',
            () =>
              void attempt(out, async () => {
                if (!confirm(`Rotate ${k.name}? The current secret stops working.`)) return;
                const r = await post<{ client_id: string; secret: string }>(`keys/${k.client_id}/rotate`);
                await route();
                main.append(secretNotice(r.client_id, r.secret));
              }),
            { 'aria-label': `Rotate ${k.name}` },
          ),
          button(
            'Revoke',
            () =>
              void attempt(out, async () => {
                if (!confirm(`Revoke ${k.name}? Its API calls will fail with INVALID_API_KEYS.`)) return;
                await post(`keys/${k.client_id}/revoke`);
                await route();
                announce(`${k.name} revoked`);
              }),
            { 'aria-label': `Revoke ${k.name}`, class: 'danger' },
          ),
        )
      : '',
  ]);
  const nodes: Node[] = [
    table('API keys', ['client_id', 'name', 'environment', 'status', 'last change', ''], rows),
    out,
  ];
  if (canChange()) {
    const form = formOf(
      [field('Key name', input('name')), field('Environment', select('env', ['sandbox', 'production']))],
      'Create key',
      async (d) => {
        const r = await post<{ client_id: string; secret: string }>('keys', Object.fromEntries(d));
        await route();
        main.append(secretNotice(r.client_id, r.secret));
        announce('Key created; its secret is shown once');
      },
    );
    nodes.unshift(h('h2', {}, 'New key'), form, h('h2', {}, 'Your keys'));
  }
  return nodes;
}

// ---- Items ----

interface Item {
  item_id: string;
  client_id: string;
  env: string;
  institution_id: string;
  institution_name: string | null;
  products: string[];
  webhook: string | null;
  status: string;
  error: { error_code: string; error_message: string } | null;
  created_at: string;
  updated_at: string;
  transactions: { last_successful_update: string | null; last_failed_update: string | null } | null;
}

const WEBHOOK_CODES = [
  'DEFAULT_UPDATE',
  'NEW_ACCOUNTS_AVAILABLE',
  'SYNC_UPDATES_AVAILABLE',
  'LOGIN_REPAIRED',
  'PENDING_EXPIRATION',
  'USER_PERMISSION_REVOKED',
  'ERROR',
];

async function itemsPage(): Promise<Node[]> {
  const q = new URLSearchParams(location.hash.split('?')[1] ?? '').get('q') ?? '';
  const { items } = await get<{ items: Item[] }>(`items${q ? `?q=${encodeURIComponent(q)}` : ''}`);
  const out = h('div');
  const search = h(
    'form',
    { role: 'search', class: 'inline' },
    field('Search by item_id or institution', input('q', 'search', { required: false, value: q })),
    h('button', { type: 'submit' }, 'Search'),
  );
  search.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = String(new FormData(search).get('q') ?? '');
    location.hash = `#/items${v ? `?q=${encodeURIComponent(v)}` : ''}`;
  });
  const rows = items.map((it) => {
    const code = select('webhook_code', WEBHOOK_CODES);
    code.setAttribute('aria-label', `Webhook code for ${it.item_id}`);
    const act = (label: string, path: string, body: () => unknown, ask?: string) =>
      button(
        label,
        () =>
          void attempt(out, async () => {
            if (ask && !confirm(ask)) return;
            await post(`items/${it.item_id}/${path}`, body());
            announce(`${label}: done`);
            await route();
          }),
        { 'aria-label': `${label} for ${it.item_id}` },
      );
    return [
      h('code', {}, it.item_id),
      `${it.institution_name ?? it.institution_id} (${it.env})`,
      h('span', { class: `badge ${it.status}` }, it.status),
      it.products.join(', '),
      it.webhook ?? '—',
      it.transactions
        ? h(
            'span',
            {},
            `transactions ${when(it.transactions.last_successful_update)}`,
            it.transactions.last_failed_update ? ` (failed ${when(it.transactions.last_failed_update)})` : '',
          )
        : when(it.updated_at),
      it.error ? `${it.error.error_code}: ${it.error.error_message}` : '—',
      canChange()
        ? h(
            'span',
            { class: 'actions' },
            it.env === 'sandbox'
              ? [
                  code,
                  act('Fire webhook', 'fire_webhook', () => ({ webhook_code: code.value })),
                  act('Reset login', 'reset_login', () => ({})),
                ]
              : [],
            act('Remove', 'remove', () => ({}), `Remove Item ${it.item_id}? Its access tokens stop working.`),
          )
        : '',
    ];
  });
  return [
    search,
    table(
      'Items',
      ['item_id', 'institution', 'status', 'products', 'webhook', 'last update', 'error', ''],
      rows,
    ),
    out,
  ];
}

// ---- API logs ----

interface LogRow {
  id: number;
  request_id: string;
  client_id: string;
  path: string;
  status: number;
  latency_ms: number;
  error_code: string | null;
  created_at: string;
}

async function logsPage(): Promise<Node[]> {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const { requests } = await get<{ requests: LogRow[] }>(`logs?${params.toString()}`);
  const filters = h(
    'form',
    { class: 'inline', 'aria-label': 'Filter requests' },
    field(
      'Path',
      input('path', 'text', {
        required: false,
        value: params.get('path') ?? '',
        placeholder: '/accounts/get',
      }),
    ),
    field('Status', select('status', ['', 'ok', 'error'], params.get('status') ?? '')),
    field(
      'Error code',
      input('error_code', 'text', { required: false, value: params.get('error_code') ?? '' }),
    ),
    h('button', { type: 'submit' }, 'Filter'),
  );
  filters.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (String(v)) p.set(k, String(v));
    location.hash = `#/logs?${p.toString()}`;
  });
  const detail = h('section', { 'aria-label': 'Request detail' });
  const rows = requests.map((r) => [
    when(r.created_at),
    h('code', {}, r.path),
    h('span', { class: `badge ${r.status < 400 ? 'healthy' : 'error'}` }, String(r.status)),
    `${r.latency_ms} ms`,
    r.error_code ?? '—',
    button(
      r.request_id,
      () =>
        void attempt(detail, async () => {
          const { request: d } = await get<{
            request: { request_body: unknown; response_body: unknown; request_id: string; path: string };
          }>(`logs/${r.id}`);
          detail.replaceChildren(
            h('h2', { tabindex: '-1' }, `${d.path} · ${d.request_id}`),
            h('h3', {}, 'Request (secrets and tokens redacted)'),
            h('pre', {}, JSON.stringify(d.request_body, null, 2)),
            h('h3', {}, 'Response'),
            h('pre', {}, JSON.stringify(d.response_body, null, 2)),
          );
          (detail.firstChild as HTMLElement).focus();
        }),
      { class: 'link', 'aria-label': `Show request ${r.request_id}` },
    ),
  ]);
  return [
    filters,
    table('Plaid API requests', ['time', 'path', 'status', 'latency', 'error code', 'request_id'], rows),
    detail,
  ];
}

// ---- Webhooks ----

interface Delivery {
  id: number;
  item_id: string | null;
  webhook_type: string;
  webhook_code: string;
  status: string;
  attempts: number;
  webhook_url: string | null;
  created_at: string;
  tries: { attempt: number; status_code: number | null; error: string | null; latency_ms: number }[];
}

async function webhooksPage(): Promise<Node[]> {
  const { deliveries } = await get<{ deliveries: Delivery[] }>('webhooks');
  const out = h('div');
  const rows = deliveries.map((d) => [
    when(d.created_at),
    `${d.webhook_type} ${d.webhook_code}`,
    d.item_id ? h('code', {}, d.item_id) : '—',
    d.webhook_url ?? '—',
    d.status,
    d.tries.length === 0
      ? '—'
      : d.tries
          .map((t) => `#${t.attempt}: ${t.status_code ?? t.error ?? '?'} (${t.latency_ms} ms)`)
          .join('; '),
    canChange() && d.item_id
      ? button(
          'Replay',
          () =>
            void attempt(out, async () => {
              await post(`webhooks/${d.id}/replay`);
              announce('Webhook queued again');
              await route();
            }),
          { 'aria-label': `Replay webhook ${d.id}` },
        )
      : '',
  ]);
  return [
    table('Webhook deliveries', ['time', 'webhook', 'item_id', 'url', 'status', 'attempts', ''], rows),
    out,
  ];
}

// ---- Link sessions ----

interface LinkSession {
  link_session_id: string;
  client_id: string;
  step: string;
  institution_name: string | null;
  started_at: string;
  finished_at: string | null;
  events: { event_name: string; timestamp: string; metadata: Record<string, unknown> }[];
}

/** Each session as a timeline of Link's onEvent names, the view each happened in beside it. */
async function linkSessionsPage(): Promise<Node[]> {
  const { sessions } = await get<{ sessions: LinkSession[] }>('link_sessions');
  if (sessions.length === 0) return [h('p', { class: 'empty' }, 'Link sessions: nothing yet.')];
  return sessions.map((s) =>
    h(
      'section',
      { class: 'session', 'aria-label': `Link session ${s.link_session_id}` },
      h('h2', {}, h('code', {}, s.link_session_id)),
      h(
        'p',
        { class: 'meta' },
        `${s.institution_name ?? 'no institution yet'} · ${s.step} · started ${when(s.started_at)}`,
        s.finished_at ? ` · ended ${when(s.finished_at)}` : '',
      ),
      h(
        'ol',
        { class: 'timeline' },
        ...s.events.map((e) =>
          h(
            'li',
            {},
            h('time', { datetime: e.timestamp }, new Date(e.timestamp).toLocaleTimeString()),
            ' ',
            h('strong', {}, e.event_name),
            typeof e.metadata.view_name === 'string' ? ` · ${e.metadata.view_name}` : '',
            typeof e.metadata.error_code === 'string' ? ` · ${e.metadata.error_code}` : '',
          ),
        ),
      ),
    ),
  );
}

// ---- Usage ----

async function usagePage(): Promise<Node[]> {
  const u = await get<Usage>('usage');
  const total = u.items.reduce((n, i) => n + i.count, 0);
  return [
    table(
      'Items',
      ['environment', 'Items', 'with errors'],
      u.items.map((i) => [i.env, String(i.count), String(i.with_errors)]),
    ),
    h('p', {}, `${total} Items in all.`),
    h('h2', {}, 'API requests per product per day'),
    usageChart(u.requests),
  ];
}

// ---- Audit ----

async function auditPage(): Promise<Node[]> {
  const { entries } = await get<{
    entries: {
      id: number;
      user_email: string;
      action: string;
      target: string;
      detail: unknown;
      created_at: string;
    }[];
  }>('audit');
  return [
    table(
      'Audit log',
      ['time', 'who', 'action', 'target', 'detail'],
      entries.map((e) => [
        when(e.created_at),
        e.user_email,
        e.action,
        h('code', {}, e.target),
        e.detail ? JSON.stringify(e.detail) : '—',
      ]),
    ),
  ];
}

// ---- Team ----

async function teamPage(): Promise<Node[]> {
  const { members } = await get<{
    members: { user_id: string; email: string; name: string; role: string; created_at: string }[];
  }>('members');
  const out = h('div');
  const owner = user?.role === 'owner';
  const rows = members.map((m) => {
    const editable = owner && m.user_id !== user?.user_id;
    const role = select('role', ['owner', 'developer', 'viewer'], m.role);
    role.setAttribute('aria-label', `Role of ${m.email}`);
    return [
      m.name,
      m.email,
      editable ? role : m.role,
      when(m.created_at),
      editable
        ? h(
            'span',
            { class: 'actions' },
            button(
              'Change role',
              () =>
                void attempt(out, async () => {
                  await post(`members/${m.user_id}/role`, { role: role.value });
                  announce(`${m.email} is now ${role.value}`);
                  await route();
                }),
              { 'aria-label': `Change role of ${m.email}` },
            ),
            button(
              'Remove',
              () =>
                void attempt(out, async () => {
                  if (!confirm(`Remove ${m.email} from the team?`)) return;
                  await post(`members/${m.user_id}/remove`);
                  await route();
                }),
              { 'aria-label': `Remove ${m.email}`, class: 'danger' },
            ),
          )
        : '',
    ];
  });
  const nodes: Node[] = [table('Team members', ['name', 'email', 'role', 'since', ''], rows), out];
  if (owner)
    nodes.push(
      h('h2', {}, 'Add a member'),
      formOf(
        [
          field('Name', input('name')),
          field('Email', input('email', 'email')),
          field('Role', select('role', ['developer', 'viewer', 'owner'])),
        ],
        'Add member',
        async (d) => {
          const r = await post<{ email: string; password: string }>('members', Object.fromEntries(d));
          await route();
          main.append(
            h(
              'div',
              { class: 'notice', role: 'alert' },
              h('p', {}, `Give ${r.email} this first password (shown once): `, h('code', {}, r.password)),
            ),
          );
        },
      ),
    );
  nodes.push(
    h('h2', {}, 'Your password'),
    formOf(
      [
        field(
          'Current password',
          input('current_password', 'password', { autocomplete: 'current-password' }),
        ),
        field(
          'New password (12 characters or more)',
          input('new_password', 'password', { autocomplete: 'new-password', minlength: '12' }),
        ),
      ],
      'Change password',
      async (d) => {
        await post('password', Object.fromEntries(d));
        announce('Password changed; your other sessions have ended');
        await route();
      },
    ),
  );
  return nodes;
}

void boot().catch((e) => show('Weft Dashboard', errorBox(e)));
