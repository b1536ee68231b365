import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The tarball `npm run pack:react-link` makes, installed the way an app outside this repository
 * gets it: extracted into a fresh node_modules next to react, with nothing from the monorepo.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
let app: string;
let installed: string;
let tarball: string;

beforeAll(() => {
  const out = execFileSync('npm', ['run', '--silent', 'pack:react-link'], { cwd: ROOT, encoding: 'utf8' });
  tarball = out.trim().split('\n').at(-1) ?? '';
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-react-link-app-'));
  installed = path.join(app, 'node_modules/@weft/react-link');
  fs.mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  for (const dep of ['react', 'react-dom', '@types/react']) {
    fs.mkdirSync(path.dirname(path.join(app, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(app, 'node_modules', dep));
  }
});

afterAll(() => {
  if (app) fs.rmSync(app, { recursive: true, force: true });
});

const files = (dir: string): string[] =>
  fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(installed, path.join(e.parentPath, e.name)))
    .sort();

describe('the packed @weft/react-link', () => {
  it('lands in a git-ignored dist-pack/ and holds only the built package', () => {
    expect(path.dirname(tarball)).toBe(path.join(ROOT, 'packages/react-link/dist-pack'));
    const ignored = execFileSync('git', ['check-ignore', tarball], { cwd: ROOT, encoding: 'utf8' });
    expect(ignored.trim()).toBe(tarball);
    const all = files(installed);
    expect(all).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts']),
    );
    expect(all.filter((f) => !f.startsWith('dist/') && f !== 'package.json' && f !== 'README.md')).toEqual(
      [],
    );
    expect(all.filter((f) => /\.test\.|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('has a package.json an app can install: entry points in dist, react as the only peer', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({
      name: '@weft/react-link',
      type: 'module',
      main: './dist/index.js',
      types: './dist/index.d.ts',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist'],
      peerDependencies: { react: '>=17' },
    });
    expect(pkg.private).toBeUndefined();
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
  });

  it('imports in plain Node (ESM) and renders the PlaidLink button', () => {
    const script = `
      import * as link from '@weft/react-link';
      import { createElement } from 'react';
      import { renderToString } from 'react-dom/server';
      const html = renderToString(
        createElement(link.PlaidLink, { token: 'link-sandbox-1', onSuccess() {} }, 'Connect a bank'),
      );
      console.log(JSON.stringify({ exports: Object.keys(link).sort(), html, open: link.PlaidLinkStableEvent.OPEN }));
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: app, encoding: 'utf8' }),
    );
    expect(out.exports).toEqual(
      expect.arrayContaining(['PlaidLink', 'PlaidLinkStableEvent', 'configure', 'usePlaidLink']),
    );
    expect(out.html).toMatch(/^<button type="button"[^>]*>Connect a bank<\/button>$/);
    expect(out.open).toBe('OPEN');
  });

  it("type-checks an app that uses react-plaid-link's names against the packed .d.ts", () => {
    fs.writeFileSync(
      path.join(app, 'app.tsx'),
      `import {
  configure,
  PlaidLink,
  type PlaidLinkOnEvent,
  type PlaidLinkOnExit,
  type PlaidLinkOnSuccess,
  type PlaidLinkOptions,
  usePlaidLink,
} from '@weft/react-link';

configure({ weftUrl: 'https://weft.example' });
const onSuccess: PlaidLinkOnSuccess = (publicToken, metadata) => {
  console.log(publicToken.length, metadata.institution?.name, metadata.accounts[0]?.mask);
};
const onExit: PlaidLinkOnExit = (error, metadata) => console.log(error?.error_code, metadata.status);
const onEvent: PlaidLinkOnEvent = (name, metadata) => console.log(name, metadata.view_name);

export function Connect(props: { token: string | null }) {
  const config: PlaidLinkOptions = { token: props.token, onSuccess, onExit, onEvent };
  const { open, exit, ready, error } = usePlaidLink(config);
  if (error) exit({ force: true }, () => undefined);
  return (
    <>
      <button type="button" disabled={!ready} onClick={() => open()}>Connect</button>
      <PlaidLink token={props.token} onSuccess={onSuccess} className="link">Connect</PlaidLink>
    </>
  );
}
`,
    );
    fs.writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'ES2020',
          lib: ['ES2020', 'DOM'],
          module: 'esnext',
          moduleResolution: 'bundler',
          jsx: 'react-jsx',
          types: [],
        },
        files: ['app.tsx'],
      }),
    );
    const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
    expect(execFileSync(tsc, ['-p', app], { cwd: app, encoding: 'utf8' })).toBe('');
  });
});
