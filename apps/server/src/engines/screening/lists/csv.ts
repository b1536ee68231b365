/**
 * Rows of a delimited text file: quoted fields may hold the delimiter, newlines and doubled quotes.
 * The list files use commas (OFAC, CSL) or tabs (BIS). Fields are cut with `indexOf` and slices,
 * not character by character, since the SDN files are megabytes.
 */
export function parseDelimited(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  const endRow = () => {
    if (row.length > 1 || (row.length === 1 && row[0] !== '')) rows.push(row);
    row = [];
  };
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34) {
      // Quoted: up to the quote not followed by another quote.
      let out = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          out += text.slice(from);
          i = n;
          break;
        }
        out += text.slice(from, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the delimiter belongs to the field too.
      let j = i;
      while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
      field = out + text.slice(i, j);
      i = j;
    } else {
      let j = i;
      while (j < n) {
        const c = text[j];
        if (c === delimiter || c === '\n' || c === '\r') break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    if (i >= n) break;
    const c = text[i];
    if (c === delimiter) {
      i++;
      if (i >= n) row.push('');
    } else {
      if (c === '\r' && text[i + 1] === '\n') i++;
      i++;
      endRow();
    }
  }
  endRow();
  return rows;
}
