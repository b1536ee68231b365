import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Packs @weft/react-link for apps outside this repository: compiles src/ to dist/ (ESM and .d.ts)
 * and runs `npm pack` on a copy whose package.json points at dist/. The workspace's own
 * package.json keeps pointing at src/, so the monorepo imports the source and needs no build.
 * Prints the tarball's path; `npm install <that path>` in an app.
 */

const PKG = path.resolve(import.meta.dirname, '..');
const OUT = path.join(PKG, 'dist-pack');
const STAGE = path.join(OUT, 'package');

const source = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')) as Record<string, unknown>;

fs.rmSync(path.join(PKG, 'dist'), { recursive: true, force: true });
fs.rmSync(OUT, { recursive: true, force: true });
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: PKG, stdio: 'inherit' });

fs.mkdirSync(STAGE, { recursive: true });
fs.cpSync(path.join(PKG, 'dist'), path.join(STAGE, 'dist'), { recursive: true });
fs.copyFileSync(path.join(PKG, 'README.md'), path.join(STAGE, 'README.md'));
const published = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license,
  type: 'module',
  sideEffects: false,
  main: './dist/index.js',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  files: ['dist'],
  peerDependencies: source.peerDependencies,
};
fs.writeFileSync(path.join(STAGE, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);

const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--pack-destination', OUT], { cwd: STAGE, encoding: 'utf8' }),
) as { filename: string }[];
fs.rmSync(STAGE, { recursive: true, force: true });
if (!packed) throw new Error('npm pack reported no tarball');
console.log(path.join(OUT, packed.filename));
