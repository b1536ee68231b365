/**
 * A small, linear-time tag-tree reader shared by OFX (SGML 1.x with unclosed leaf tags, and XML
 * 2.x) and camt (XML). It scans with indexOf, never with backtracking regexes, so a hostile file
 * costs time proportional to its length. It is tolerant on purpose: bank files are often not
 * well-formed, and a lenient tree with the right leaves beats a strict refusal.
 */

import { fail } from './statement';

/** Deeper than any real statement; a bound so hostile nesting cannot exhaust the stack. */
const MAX_DEPTH = 200;

/** One element. A leaf has `text` (possibly empty); an aggregate has children. */
export interface MarkupNode {
  name: string;
  text: string | null;
  attrs: Record<string, string> | null;
  children: MarkupNode[];
  /** Offset of the opening tag in the source, for error lines. */
  offset: number;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g;

function decodeOnce(s: string): string {
  return s.replace(ENTITY, (whole, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = hex ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/**
 * Replaces the XML/HTML entities OFX and camt files use; unknown entities and raw `&` stay as they
 * are. Some banks escape twice ("&amp;lt;"): a second pass runs only when the first produced a
 * markup entity, since a literal "&lt;" in a memo is far rarer than that bug.
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  const once = decodeOnce(s);
  return /&(?:lt|gt|amp|quot|apos);/.test(once) && /&amp;(?:lt|gt|amp|quot|apos);/.test(s)
    ? decodeOnce(once)
    : once;
}

function parseAttrs(s: string): Record<string, string> | null {
  if (!s.includes('=')) return null;
  const out: Record<string, string> = {};
  const re = /([\w:.-]{1,100})\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    out[localName(m[1]!)] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return out;
}

function localName(name: string): string {
  const colon = name.lastIndexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** Options for `parseMarkup`. */
export interface MarkupOptions {
  /** Tag names compared upper-cased (OFX) or as written (camt). */
  upperCase: boolean;
  /**
   * Leaf names that must not hold children. In SGML an empty `<BALAMT>` followed by `<DTASOF>`
   * would otherwise swallow its siblings; listed leaves give them back to the parent.
   */
  leaves?: ReadonlySet<string>;
}

/**
 * Parses markup into a tree under a synthetic root named `#root`. SGML rule: an element that has
 * text and is followed by anything but its own end tag ends there. An end tag closes the nearest
 * open element of that name and everything opened inside it; a stray end tag is ignored.
 */
export function parseMarkup(src: string, opts: MarkupOptions): MarkupNode {
  const root: MarkupNode = { name: '#root', text: null, attrs: null, children: [], offset: 0 };
  const stack: MarkupNode[] = [root];
  let pos = 0;
  const n = src.length;
  // Tag names repeat thousands of times; normalizing each spelling once is most of the speed.
  const names = new Map<string, string>();
  const nameOf = (raw: string) => {
    let name = names.get(raw);
    if (name === undefined) {
      name = normalize(raw, opts.upperCase);
      if (names.size < 10_000) names.set(raw, name);
    }
    return name;
  };
  while (pos < n) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > pos && !isBlank(src, pos, textEnd)) {
      const top = stack[stack.length - 1]!;
      if (top !== root && top.children.length === 0) {
        top.text = (top.text ?? '') + decodeEntities(src.slice(pos, textEnd).trim());
      }
    }
    if (lt < 0) break;
    const bang = src.charCodeAt(lt + 1) === 33;
    if (bang && src.startsWith('<!--', lt)) {
      const end = src.indexOf('-->', lt + 4);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    if (bang && src.startsWith('<![CDATA[', lt)) {
      const end = src.indexOf(']]>', lt + 9);
      const top = stack[stack.length - 1]!;
      if (top !== root) top.text = (top.text ?? '') + src.slice(lt + 9, end < 0 ? n : end);
      pos = end < 0 ? n : end + 3;
      continue;
    }
    const gt = src.indexOf('>', lt + 1);
    if (gt < 0) break;
    const body = src.slice(lt + 1, gt);
    pos = gt + 1;
    const first = body[0];
    if (first === '?' || first === '!') continue;
    if (first === '/') {
      const name = nameOf(body.slice(1).trim());
      for (let i = stack.length - 1; i > 0; i--) {
        if (stack[i]!.name === name) {
          stack.length = i;
          break;
        }
      }
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    let space = -1;
    for (let i = 0; i < inner.length; i++) {
      if (inner.charCodeAt(i) <= 32) {
        space = i;
        break;
      }
    }
    const rawName = space < 0 ? inner : inner.slice(0, space);
    if (rawName.length === 0 || rawName.length > 200) continue;
    const name = nameOf(rawName);
    // SGML: a leaf that already has text ends where the next tag starts.
    let top = stack[stack.length - 1]!;
    if (top !== root && top.text !== null && top.children.length === 0) {
      stack.pop();
      top = stack[stack.length - 1]!;
    } else if (top !== root && opts.leaves?.has(top.name) && top.children.length === 0) {
      stack.pop();
      top = stack[stack.length - 1]!;
    }
    const node: MarkupNode = {
      name,
      text: null,
      attrs: space < 0 ? null : parseAttrs(inner.slice(space)),
      children: [],
      offset: lt,
    };
    top.children.push(node);
    if (selfClosing) node.text = '';
    else stack.push(node);
    if (stack.length > MAX_DEPTH) fail('MALFORMED_FILE', `elements nest deeper than ${MAX_DEPTH} levels`);
  }
  return root;
}

function isBlank(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (src.charCodeAt(i) > 32) return false;
  return true;
}

function normalize(name: string, upper: boolean): string {
  const local = localName(name);
  return upper ? local.toUpperCase() : local;
}

/** First child named `name`. */
export function child(node: MarkupNode | undefined, name: string): MarkupNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}

/** All children named `name`. */
export function childrenNamed(node: MarkupNode | undefined, name: string): MarkupNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Trimmed text at a child path (`a`, `b`, …), or null when absent or empty. */
export function textAt(node: MarkupNode | undefined, ...path: string[]): string | null {
  let cur = node;
  for (const p of path) cur = child(cur, p);
  const t = cur?.text?.trim();
  return t ? t : null;
}

/** Every descendant named `name`, depth-first, not descending into matches. */
export function findAll(node: MarkupNode, name: string, out: MarkupNode[] = []): MarkupNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    else findAll(c, name, out);
  }
  return out;
}

/** A function from source offset to 1-based line, built once per file. */
export function lineIndex(src: string): (offset: number) => number {
  let starts: number[] | null = null;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
