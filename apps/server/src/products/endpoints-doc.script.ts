import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from '../app';
import { loadConfig } from '../config';
import { readEndpointsBlock, renderEndpointsBlock, replaceEndpointsBlock } from './endpoints-doc';

/** The repository's README, which carries the generated endpoint list. */
export const README_PATH = fileURLToPath(new URL('../../../../README.md', import.meta.url));

/**
 * The routes a freshly built Weft registers. Built on a throwaway SQLite file: registering routes
 * needs a migrated database, and the list must not depend on any real one.
 */
export async function registeredRoutes(): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-endpoints-'));
  try {
    const config = loadConfig({
      WEFT_DATA_DIR: dir,
      DATABASE_URL: `sqlite:${path.join(dir, 'weft.sqlite')}`,
      LOG_LEVEL: 'silent',
      PORT: '0',
    });
    const weft = await build(config, { logger: false });
    await weft.app.close();
    return weft.routes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run docs:endpoints`: rewrites the README's endpoint block from the routes Weft registers. */
async function main(): Promise<void> {
  const readme = fs.readFileSync(README_PATH, 'utf8');
  const block = renderEndpointsBlock(await registeredRoutes());
  if (readEndpointsBlock(readme) === block) {
    process.stdout.write('README.md endpoint list is up to date\n');
    return;
  }
  fs.writeFileSync(README_PATH, replaceEndpointsBlock(readme, block));
  process.stdout.write('README.md endpoint list rewritten\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
