/**
 * Bytes to text. Statement files arrive in UTF-8 (with or without BOM), Windows-1252 or Latin-1,
 * and OFX 1.x states its charset in a header that banks often get wrong, so the bytes have the last
 * word: text that is valid UTF-8 and uses multi-byte sequences is UTF-8 whatever the header says.
 */
import type { Statement } from './statement';

export type Encoding = Statement['encoding'];

/** A declared encoding as a TextDecoder label, or null when the declaration names none we know. */
export function encodingFromLabel(label: string): Encoding | null {
  const l = label
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (l === 'utf-8' || l === 'utf8' || l === 'unicode') return 'utf-8';
  if (l === '1252' || l === 'cp1252' || l === 'windows-1252' || l === 'win1252') return 'windows-1252';
  if (l === 'iso-8859-1' || l === 'iso8859-1' || l === 'latin1' || l === 'latin-1' || l === '8859-1')
    return 'latin1';
  if (l === 'iso-8859-15' || l === 'latin9') return 'windows-1252';
  return null;
}

/** What the first kilobytes declare: an OFX 1.x CHARSET/ENCODING header or an XML prolog. */
function declaredEncoding(head: string): Encoding | null {
  const xml = /<\?xml[^>]{0,200}?encoding\s*=\s*["']([^"']{1,40})["']/i.exec(head);
  if (xml) return encodingFromLabel(xml[1]!);
  const enc = /^\s*ENCODING:\s*([\w-]{1,40})/im.exec(head);
  if (enc && encodingFromLabel(enc[1]!) === 'utf-8') return 'utf-8';
  const charset = /^\s*CHARSET:\s*([\w-]{1,40})/im.exec(head);
  if (charset) return encodingFromLabel(charset[1]!);
  return null;
}

/**
 * Windows-1252's 0x80-0x9F (€, ‚, ƒ, „, …, smart quotes, ™, …). Node's TextDecoder reads
 * 'windows-1252' as plain ISO-8859-1 and turns these into control characters, so Weft maps them
 * itself. Undefined positions keep their Latin-1 code point, as the WHATWG encoding does.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d,
  0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a,
  0x153, 0x9d, 0x17e, 0x178,
];

/**
 * Decodes Windows-1252 (and Latin-1 labels, which browsers and banks alike treat as 1252).
 */
function decodeCp1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

function decodeAs(bytes: Uint8Array, encoding: Encoding): string {
  if (encoding === 'windows-1252' || encoding === 'latin1') return decodeCp1252(bytes);
  return new TextDecoder(encoding).decode(bytes);
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * Decodes a statement file. Order: BOM, then valid multi-byte UTF-8, then the file's declaration,
 * then Windows-1252 (a superset of Latin-1's printable range, so the safer guess for 8-bit text).
 */
export function decodeBytes(bytes: Uint8Array, declared?: Encoding): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  if (declared) return { text: decodeAs(bytes, declared), encoding: declared };
  if (!hasHighBytes(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not UTF-8: fall through to what the file declares.
  }
  const head = decodeCp1252(bytes.subarray(0, 2048));
  const stated = declaredEncoding(head);
  const encoding = stated === 'latin1' ? 'latin1' : 'windows-1252';
  return { text: decodeAs(bytes, encoding), encoding };
}
