type Child = Node | string | null | undefined | false;

/**
 * Builds an element. Text always goes in as text nodes (never parsed as HTML), and there is no way
 * to pass inline styles or handlers: the page's CSP forbids them.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const c of children.flat()) if (c) el.append(c);
  return el;
}

/** A button that runs `onClick`. */
export function button(
  label: string,
  onClick: () => void,
  attrs: Record<string, string | boolean | undefined> = {},
) {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** A labelled form field. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  const id = `f-${Math.random().toString(36).slice(2, 10)}`;
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), input);
}

export function select(name: string, options: string[], value?: string): HTMLSelectElement {
  const s = h('select', { name }, ...options.map((o) => h('option', { value: o, selected: o === value }, o)));
  return s;
}

/** A table with a caption (for screen readers), column headers and rows. */
export function table(caption: string, headers: string[], rows: Child[][]): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, `${caption}: nothing yet.`);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, caption),
      h('thead', {}, h('tr', {}, ...headers.map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
    ),
  );
}

/** Says something to screen readers (the page's status region). */
export function announce(text: string): void {
  const s = document.getElementById('status');
  if (s) s.textContent = text;
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
