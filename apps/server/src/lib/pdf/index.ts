export type { PdfColumn, PdfDocumentInfo, PdfTable } from './pdf-document';
export { PdfWriter, renderPdf } from './pdf-document';
export { formatAmount, formatMoney, parseAmount } from './pdf-money';
