import { execFile } from 'node:child_process';

/**
 * The text of a PDF as pdftotext (poppler-utils) reads it, layout kept so a table's row stays on
 * one line. For tests: a rendered PDF is checked by what a reader would see in it.
 */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'pdftotext',
      ['-layout', '-enc', 'UTF-8', '-', '-'],
      { maxBuffer: 64 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
    child.stdin?.end(pdf);
  });
}

/** The number of pages pdftotext finds (form feeds separate them). */
export async function pdfPageCount(pdf: Buffer): Promise<number> {
  const text = await pdfText(pdf);
  return text.split('\f').filter((page, i, all) => i < all.length - 1 || page.trim() !== '').length;
}
