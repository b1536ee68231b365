import type { DemoConfig, DemoMode, DemoResult, Section } from './api';
import { h } from './dom';
import { howItWorks } from './how-it-works';

/** What the landing view reports back to the page. */
export interface LandingHandlers {
  onLaunch(mode: string): void;
}

/** The sandbox bank and login that suit a mode. */
function hintFor(mode: DemoMode): HTMLElement {
  // An empty, hidden placeholder keeps the slot so switching modes can swap hints in place.
  if (!mode.hint) return h('div', { hidden: true });
  return h(
    'div',
    { class: 'hint' },
    h('span', { class: 'hint-title' }, 'Sandbox login'),
    h('span', {}, 'Pick ', h('strong', {}, mode.hint.institution), ', then sign in with'),
    h(
      'span',
      { class: 'creds' },
      h('code', {}, mode.hint.username),
      ' / ',
      h('code', {}, mode.hint.password),
    ),
  );
}

/** The landing view: what the demo does, the sandbox login and the "Launch Link" button. */
export function landingView(
  config: DemoConfig,
  busy: string | null,
  error: string | null,
  on: LandingHandlers,
) {
  let mode = config.modes.find((m) => m.id === config.mode) ?? config.modes[0]!;
  let hint = hintFor(mode);
  const modeSwitch =
    config.modes.length > 1
      ? h(
          'fieldset',
          { class: 'modes', disabled: Boolean(busy) },
          h('legend', {}, 'What to try'),
          ...config.modes.map((m) => {
            const input = h('input', { type: 'radio', name: 'mode', value: m.id, checked: m.id === mode.id });
            input.addEventListener('change', () => {
              mode = m;
              const next = hintFor(m);
              hint.replaceWith(next);
              hint = next;
            });
            return h(
              'label',
              { class: 'mode' },
              input,
              h('span', {}, m.label),
              h('small', {}, m.description),
            );
          }),
        )
      : null;
  const button = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'launch-link', disabled: Boolean(busy) },
    busy ?? 'Launch Link',
  );
  button.addEventListener('click', () => on.onLaunch(mode.id));

  return [
    h(
      'section',
      { class: 'card hero' },
      h('h1', {}, 'Connect a bank account'),
      h(
        'p',
        { class: 'lead' },
        'This is a small app built on Weft. Open Link, sign in to a sandbox bank, and see the data ',
        'an app receives once the user says yes.',
      ),
      modeSwitch,
      button,
      error ? h('p', { class: 'alert', role: 'alert' }, error) : null,
      hint,
    ),
    howItWorks(false),
  ];
}

/** A table that turns into labelled rows on narrow screens. */
function table(section: Section): HTMLElement | null {
  const t = section.table;
  if (!t) return null;
  if (t.rows.length === 0) return h('p', { class: 'muted' }, 'Nothing to show for this Item.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...t.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : undefined }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        ...t.rows.map((row) =>
          h(
            'tr',
            {},
            ...t.columns.map((c) =>
              h('td', { 'data-label': c.label, class: c.numeric ? 'num' : undefined }, row[c.key] ?? ''),
            ),
          ),
        ),
      ),
    ),
  );
}

function sectionCard(section: Section): HTMLElement {
  return h(
    'section',
    { class: 'card product', 'data-product': section.product, 'aria-labelledby': `h-${section.id}` },
    h('code', { class: 'endpoint' }, section.endpoint),
    h('h2', { id: `h-${section.id}` }, section.title),
    h('p', { class: 'muted' }, section.description),
    section.error
      ? h('p', { class: 'alert' }, `${section.error.error_code}: ${section.error.error_message}`)
      : table(section),
    section.table?.note ? h('p', { class: 'note' }, section.table.note) : null,
    section.link
      ? h(
          'p',
          {},
          h(
            'a',
            { class: 'btn', href: section.link.href, target: '_blank', rel: 'noopener' },
            section.link.label,
          ),
        )
      : null,
  );
}

/** The "Success!" view: the Item's data, one card per product call. */
export function successView(result: DemoResult, onReset: () => void): Node[] {
  const again = h('button', { type: 'button', class: 'btn btn-ghost', id: 'start-over' }, 'Start over');
  again.addEventListener('click', onReset);
  const institution = result.item?.institution_name ?? result.item?.institution_id ?? 'your bank';
  return [
    h(
      'section',
      { class: 'card success-head' },
      h('span', { class: 'check', 'aria-hidden': 'true' }),
      h(
        'div',
        {},
        h('h1', {}, 'Success!'),
        result.lead
          ? h('p', { class: 'lead' }, result.lead)
          : h(
              'p',
              { class: 'lead' },
              'Linked ',
              h('strong', {}, institution),
              '. Here is what the app server can now read.',
            ),
        result.item ? h('p', { class: 'muted small' }, 'item_id ', h('code', {}, result.item.item_id)) : null,
      ),
      again,
    ),
    ...result.sections.map(sectionCard),
    result.skipped.length > 0
      ? h(
          'p',
          { class: 'muted small' },
          'Not shown for this Item: ',
          result.skipped.map((s) => `${s.endpoint} (${s.error_code})`).join(', '),
          '.',
        )
      : null,
    howItWorks(true),
  ].filter((n): n is HTMLElement => n !== null);
}

/** A card with a spinner while the page waits for its server. */
export function busyView(message: string): HTMLElement {
  return h(
    'section',
    { class: 'card busy', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    message,
  );
}
