import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where Vite writes the demo page (`npm run build`). */
export const DEMO_DIST = fileURLToPath(new URL('../../../demo/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
const NAME_RE = /^[A-Za-z0-9_.-]+$/;

/** A file to send, with its content type. */
export interface Asset {
  body: Buffer;
  type: string;
}

/**
 * The built demo files, read once and kept in memory (a handful of small files). A missing build
 * is not cached, so building while Weft runs is picked up on the next request.
 */
export class DemoAssets {
  private readonly cache = new Map<string, Asset>();

  constructor(private readonly dist: string = DEMO_DIST) {}

  /** The page itself; null when the demo has not been built. */
  index(): Promise<Asset | null> {
    return this.load('index.html', 'text/html; charset=utf-8');
  }

  /** A hashed file under assets/; null for unknown or unsafe names. */
  asset(name: string): Promise<Asset | null> {
    const type = TYPES[path.extname(name)];
    if (!NAME_RE.test(name) || name.startsWith('.') || !type) return Promise.resolve(null);
    return this.load(`assets/${name}`, type);
  }

  private async load(relative: string, type: string): Promise<Asset | null> {
    const hit = this.cache.get(relative);
    if (hit) return hit;
    try {
      const asset = { body: await readFile(path.join(this.dist, relative)), type };
      this.cache.set(relative, asset);
      return asset;
    } catch {
      return null;
    }
  }
}
