import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn, each in its own process so one cannot
 * skew another. `npm run bench -- accounts` runs only the benches whose name contains "accounts".
 */
const dir = import.meta.dirname;
const filter = process.argv[2];
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();

let failed = 0;
for (const b of benches) {
  console.log(`\n### ${b}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, b)], {
    stdio: 'inherit',
    env: process.env,
  });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
