import { deflateSync } from 'node:zlib';

/** Plaid documents institution logos as 152x152 PNGs. */
const LOGO_SIZE = 152;

/** 5x7 capitals: enough for any institution's initials. */
const GLYPHS: Record<string, readonly string[]> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  G: ['01110', '10001', '10000', '10111', '10001', '10001', '01111'],
  H: ['10001', '10001', '10001', '11111', '10001', '10001', '10001'],
  I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
  J: ['00111', '00010', '00010', '00010', '00010', '10010', '01100'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  N: ['10001', '10001', '11001', '10101', '10011', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  Q: ['01110', '10001', '10001', '10001', '10101', '10010', '01101'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  V: ['10001', '10001', '10001', '10001', '10001', '01010', '00100'],
  W: ['10001', '10001', '10001', '10101', '10101', '10101', '01010'],
  X: ['10001', '10001', '01010', '00100', '01010', '10001', '10001'],
  Y: ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
  Z: ['11111', '00001', '00010', '00100', '01000', '10000', '11111'],
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
};

/** Words that say what an institution is rather than which one it is. */
const FILLER = new Set(['of', 'the', 'and', '&']);

/** The (at most two) initials a logo shows: first letters of the name's first significant words. */
export function initialsOf(name: string): string {
  return name
    .split(/[\s\-/]+/)
    .filter((w) => w.length > 0 && !FILLER.has(w.toLowerCase()))
    .map((w) => w[0]?.toUpperCase() ?? '')
    .filter((c) => c in GLYPHS)
    .slice(0, 2)
    .join('');
}

/**
 * A logo as Plaid hands them out: a base64 PNG (no `data:` prefix), here a rounded square in the
 * institution's colour with its initials in white. Pure and deterministic, so the same institution
 * always gets byte-identical logos.
 */
export function drawLogo(name: string, primaryColor: string): string {
  const size = LOGO_SIZE;
  const [r, g, b] = parseHex(primaryColor);
  const rgba = Buffer.alloc(size * size * 4);
  const radius = size * 0.22;
  // 4x4 supersampling smooths the corners without drawing a single anti-aliased curve by hand.
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const edge = radius + 1;
      const straight = (x >= edge && x < size - edge) || (y >= edge && y < size - edge);
      let covered = straight ? 16 : 0;
      if (!straight)
        for (let sy = 0; sy < 4; sy++)
          for (let sx = 0; sx < 4; sx++)
            if (insideRoundedSquare(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4, size, radius)) covered++;
      const o = (y * size + x) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = Math.round((covered / 16) * 255);
    }
  }
  drawText(rgba, size, initialsOf(name));
  return encodePng(rgba, size, size).toString('base64');
}

function insideRoundedSquare(px: number, py: number, size: number, radius: number): boolean {
  const cx = Math.min(Math.max(px, radius), size - radius);
  const cy = Math.min(Math.max(py, radius), size - radius);
  return (px - cx) ** 2 + (py - cy) ** 2 <= radius * radius;
}

function drawText(rgba: Buffer, size: number, text: string): void {
  if (text.length === 0) return;
  const scale = text.length === 1 ? 12 : 10;
  const gap = scale;
  const width = text.length * 5 * scale + (text.length - 1) * gap;
  const left = Math.floor((size - width) / 2);
  const top = Math.floor((size - 7 * scale) / 2);
  for (const [n, ch] of [...text].entries()) {
    const glyph = GLYPHS[ch];
    if (!glyph) continue;
    const gx = left + n * (5 * scale + gap);
    for (const [row, bits] of glyph.entries())
      for (let col = 0; col < 5; col++)
        if (bits[col] === '1') fill(rgba, size, gx + col * scale, top + row * scale, scale);
  }
}

function fill(rgba: Buffer, size: number, x0: number, y0: number, side: number): void {
  for (let y = y0; y < y0 + side; y++)
    for (let x = x0; x < x0 + side; x++) rgba.fill(255, (y * size + x) * 4, (y * size + x) * 4 + 4);
}

function parseHex(color: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(color);
  if (!m?.[1]) throw new Error(`logo colour must be #rrggbb, got ${color}`);
  const n = Number.parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Encodes 8-bit RGBA pixels as a PNG: signature, IHDR, one IDAT, IEND. */
function encodePng(rgba: Buffer, width: number, height: number): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    // Filter type 0 on every row: the flat colours deflate well without prediction.
    raw[y * (stride + 1)] = 0;
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The eight bytes every PNG starts with. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 255] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
