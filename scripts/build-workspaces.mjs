// `npm run build`: builds each workspace that has a build script, unless its dist/ already holds a
// build of exactly the sources it has now. A build stamps dist/ with a hash of the workspace's files
// (everything but node_modules and dist) and of package-lock.json; a later run with the same hash
// skips that workspace. So `npm test` and `npm start` rebuild only what changed, and two test runs
// started after one build (CI runs SQLite and PostgreSQL side by side) never rebuild under each other.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = '.weft-build';
const SKIP = new Set(['node_modules', 'dist', 'dist-pack', 'test-results']);

/** Every file under dir but the skipped folders, as sorted relative paths. */
function filesUnder(dir, prefix = '') {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...filesUnder(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out.sort();
}

/** A hash of a workspace's sources and the locked dependency versions. */
function sourceHash(dir) {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(path.join(root, 'package-lock.json')));
  for (const rel of filesUnder(dir)) {
    hash.update(`\0${rel}\0`);
    hash.update(fs.readFileSync(path.join(dir, rel)));
  }
  return hash.digest('hex');
}

const { workspaces = [] } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const quiet = process.argv.includes('--silent') || process.env.npm_config_loglevel === 'silent';
let failed = false;
for (const workspace of workspaces) {
  const dir = path.join(root, workspace);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) continue;
  const stamp = path.join(dir, 'dist', STAMP);
  const hash = sourceHash(dir);
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === hash) {
    if (!quiet) console.log(`${pkg.name}: dist/ is up to date`);
    continue;
  }
  const run = spawnSync('npm', ['run', 'build', '--silent', '-w', workspace], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed = true;
    break;
  }
  fs.writeFileSync(stamp, hash);
}
process.exit(failed ? 1 : 0);
