/**
 * Weft's PDF toolkit: a small, stable layer over pdfkit for reports (asset reports, statements,
 * income). A document is drawn by a callback on a `PdfWriter` and rendered to a Buffer. Rendering
 * is deterministic: the document's dates (and so its file ID, which pdfkit derives from them) are
 * fixed by the caller, only the standard fonts are used (nothing embedded), so the same data gives
 * the same bytes.
 *
 * API (keep it stable; other products build on it):
 * - `renderPdf({ title, date, author? }, (w) => { ... })` → `Promise<Buffer>`
 * - `w.heading(text, level?)`, `w.text(text)`, `w.keyValues([[label, value], ...])`, `w.space(lines?)`
 * - `w.table({ columns: [{ header, width, align? }], rows: string[][] })` paginates and repeats the
 *   header row at the top of each new page
 * - `w.pageBreak()`
 * - `formatMoney(minor, currency)` / `formatAmount(minor, currency)` (in ./pdf-money)
 * - `pdfText(buffer)` (in ./pdf-text, for tests) extracts the text with pdftotext
 */
import PDFDocument from 'pdfkit';

/** What every rendered document states about itself. */
export interface PdfDocumentInfo {
  /** Shown in the PDF's metadata. */
  title: string;
  /** The document's creation and modification date; fixed so rendering is reproducible. */
  date: Date;
  /** Metadata author; "Weft" when not given. */
  author?: string;
}

/** One column of a table: its header, its share of the page width (points), its alignment. */
export interface PdfColumn {
  header: string;
  width: number;
  align?: 'left' | 'right';
}

/** A table: columns and rows of already-formatted cells (one string per column). */
export interface PdfTable {
  columns: PdfColumn[];
  rows: string[][];
}

const MARGIN = 50;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const BODY_SIZE = 9;
const HEADING_SIZES = [18, 13, 11] as const;
const CELL_PAD = 3;

/** Draws into one pdfkit document; the only handle a document's callback receives. */
export class PdfWriter {
  constructor(private readonly doc: PDFKit.PDFDocument) {}

  /** Width available between the margins, in points. */
  get contentWidth(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  /** Number of pages so far. */
  get pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  /** A heading: level 1 (document title), 2 (section) or 3 (subsection). */
  heading(text: string, level: 1 | 2 | 3 = 2): this {
    const size = HEADING_SIZES[level - 1] ?? BODY_SIZE;
    this.ensureRoom(size * 3);
    if (level > 1) this.doc.moveDown(0.6);
    this.doc.font(BOLD).fontSize(size).fillColor('black').text(text, MARGIN, this.doc.y, {
      width: this.contentWidth,
    });
    this.doc.moveDown(0.3);
    return this;
  }

  /** A paragraph of body text. */
  text(text: string): this {
    this.doc.font(FONT).fontSize(BODY_SIZE).fillColor('black').text(text, MARGIN, this.doc.y, {
      width: this.contentWidth,
    });
    return this;
  }

  /** Label/value lines ("Label: value"), the label in bold. */
  keyValues(pairs: ReadonlyArray<readonly [string, string]>): this {
    for (const [label, value] of pairs) {
      this.ensureRoom(BODY_SIZE * 2);
      this.doc.font(BOLD).fontSize(BODY_SIZE).text(`${label}: `, MARGIN, this.doc.y, { continued: true });
      this.doc.font(FONT).text(value);
    }
    return this;
  }

  /** Vertical space of `lines` body lines. */
  space(lines = 1): this {
    this.doc.moveDown(lines);
    return this;
  }

  /** Starts a new page. */
  pageBreak(): this {
    this.doc.addPage();
    return this;
  }

  /**
   * A table; rows that do not fit go on to the next page, which starts with the header row again.
   * Widths are scaled to the page when they add up to more than it.
   */
  table(table: PdfTable): this {
    const total = table.columns.reduce((sum, c) => sum + c.width, 0);
    const scale = total > this.contentWidth ? this.contentWidth / total : 1;
    const widths = table.columns.map((c) => c.width * scale);
    const header = table.columns.map((c) => c.header);
    this.ensureRoom(this.rowHeight(header, widths, BOLD) * 2);
    this.drawRow(header, widths, table.columns, BOLD);
    for (const row of table.rows) {
      const height = this.rowHeight(row, widths, FONT);
      if (this.doc.y + height > this.bottom()) {
        this.doc.addPage();
        this.drawRow(header, widths, table.columns, BOLD);
      }
      this.drawRow(row, widths, table.columns, FONT);
    }
    this.doc.x = MARGIN;
    this.doc.moveDown(0.5);
    return this;
  }

  private bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.bottom()) this.doc.addPage();
  }

  private rowHeight(cells: string[], widths: number[], font: string): number {
    this.doc.font(font).fontSize(BODY_SIZE);
    const heights = cells.map((cell, i) =>
      this.doc.heightOfString(cell, { width: widths[i]! - 2 * CELL_PAD }),
    );
    return Math.max(BODY_SIZE, ...heights) + 2 * CELL_PAD;
  }

  private drawRow(cells: string[], widths: number[], columns: PdfColumn[], font: string): void {
    const height = this.rowHeight(cells, widths, font);
    const top = this.doc.y;
    let x = MARGIN;
    this.doc.font(font).fontSize(BODY_SIZE).fillColor('black');
    cells.forEach((cell, i) => {
      this.doc.text(cell, x + CELL_PAD, top + CELL_PAD, {
        width: widths[i]! - 2 * CELL_PAD,
        align: columns[i]?.align ?? 'left',
        lineBreak: true,
      });
      x += widths[i]!;
    });
    const bottom = top + height;
    this.doc
      .moveTo(MARGIN, bottom)
      .lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), bottom)
      .lineWidth(font === BOLD ? 0.8 : 0.3)
      .strokeColor('#888888')
      .stroke();
    this.doc.x = MARGIN;
    this.doc.y = bottom;
  }
}

/**
 * Renders a document drawn by `draw` to a Buffer. Same info and same drawing give the same bytes.
 * Each page carries "Page n of N" in its footer.
 */
export function renderPdf(info: PdfDocumentInfo, draw: (writer: PdfWriter) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: info.title,
      Author: info.author ?? 'Weft',
      Producer: 'Weft',
      Creator: 'Weft',
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(new PdfWriter(doc));
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Footer text sits inside the bottom margin; lift the margin so pdfkit doesn't add a page.
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font(FONT)
        .fontSize(7)
        .fillColor('#555555')
        .text(`Page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 15, {
          width: doc.page.width - 2 * MARGIN,
          align: 'center',
          lineBreak: false,
        });
      doc.page.margins.bottom = bottomMargin;
    }
    doc.end();
  } catch (err) {
    doc.end();
    return Promise.reject(err);
  }
  return done;
}
