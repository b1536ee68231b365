import { h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** What /dashboard/api/usage answers. */
export interface Usage {
  items: { env: string; count: number; with_errors: number }[];
  requests: { date: string; products: Record<string, number> }[];
}

/**
 * Requests per product per day as grouped bars, in inline SVG (styled by the stylesheet's classes:
 * the CSP allows no inline styles), with a table of the same numbers for screen readers.
 */
export function usageChart(days: Usage['requests']): HTMLElement {
  if (days.length === 0) return h('p', { class: 'empty' }, 'No API requests yet.');
  const products = [...new Set(days.flatMap((d) => Object.keys(d.products)))].sort();
  const max = Math.max(1, ...days.flatMap((d) => Object.values(d.products)));
  const barW = 14;
  const groupW = products.length * barW + 20;
  const height = 160;
  const chart = svg('svg', {
    viewBox: `0 0 ${days.length * groupW + 40} ${height + 30}`,
    role: 'img',
    'aria-labelledby': 'usage-title',
    class: 'chart',
  });
  chart.append(svg('title', { id: 'usage-title' }, 'Requests per product per day'));
  days.forEach((day, i) => {
    products.forEach((p, j) => {
      const n = day.products[p] ?? 0;
      const bh = Math.round((n / max) * height);
      chart.append(
        svg('rect', {
          x: 30 + i * groupW + j * barW,
          y: height - bh,
          width: barW - 2,
          height: bh,
          class: `bar bar-${j % 6}`,
        }),
      );
    });
    chart.append(svg('text', { x: 30 + i * groupW, y: height + 20, class: 'axis' }, day.date.slice(5)));
  });
  const legend = h(
    'ul',
    { class: 'legend' },
    ...products.map((p, j) =>
      h('li', {}, h('span', { class: `swatch bar-${j % 6}`, 'aria-hidden': 'true' }), p),
    ),
  );
  const numbers = h(
    'table',
    { class: 'sr-only' },
    h('caption', {}, 'Requests per product per day'),
    h(
      'thead',
      {},
      h('tr', {}, h('th', { scope: 'col' }, 'day'), ...products.map((p) => h('th', { scope: 'col' }, p))),
    ),
    h(
      'tbody',
      {},
      ...days.map((d) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, d.date),
          ...products.map((p) => h('td', {}, String(d.products[p] ?? 0))),
        ),
      ),
    ),
  );
  return h('figure', {}, chart, legend, numbers);
}
