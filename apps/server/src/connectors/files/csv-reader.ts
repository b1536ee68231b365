/**
 * RFC 4180 rows from text, in one pass over the characters: quoted fields may hold delimiters,
 * doubled quotes and line breaks; lines may end in CRLF, LF or a lone CR (old Mac exports).
 */

/** Rows with the 1-based line each starts on. */
export interface CsvRow {
  cells: string[];
  line: number;
}

/** The delimiter that splits the first lines most consistently into two or more fields. */
export function detectDelimiter(text: string): string {
  const sample = text
    .slice(0, 8192)
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim().length > 0)
    .slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const d of [',', ';', '\t', '|']) {
    const counts = sample.map((l) => splitLoose(l, d));
    const freq = new Map<number, number>();
    for (const c of counts) if (c > 1) freq.set(c, (freq.get(c) ?? 0) + 1);
    let score = 0;
    for (const [n, f] of freq) score = Math.max(score, f * 100 + n);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/** Field count of one line, respecting quotes. */
function splitLoose(line: string, d: string): number {
  let n = 1;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === d && !quoted) n++;
  }
  return n;
}

/** Splits text into rows of fields; blank lines are dropped. */
export function readCsv(text: string, delimiter: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const n = text.length;
  const endRow = () => {
    cells.push(field);
    field = '';
    if (cells.some((c) => c.trim().length > 0)) rows.push({ cells, line: rowLine });
    cells = [];
  };
  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field.trim().length === 0) {
      field = '';
      quoted = true;
    } else if (ch === delimiter) {
      cells.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (field.length > 0 || cells.length > 0) endRow();
  return rows;
}
