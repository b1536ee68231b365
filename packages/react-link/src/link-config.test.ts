import { afterEach, describe, expect, it } from 'vitest';
import { configure, resolveLinkScript } from './link-config';

const page = (...srcs: string[]) => srcs.map((src) => ({ src }));

afterEach(() => configure({ weftUrl: undefined }));

describe('which link-initialize.js a hook loads', () => {
  it("is the page's own origin when nothing says otherwise", () => {
    expect(resolveLinkScript(undefined, page('http://app.example/assets/app.js'))).toBe(
      '/link/link-initialize.js',
    );
  });

  it('is the one given to configure(), for apps that alias react-plaid-link and pass no weftUrl', () => {
    configure({ weftUrl: 'https://weft.example/' });
    expect(resolveLinkScript(undefined, page())).toBe('https://weft.example/link/link-initialize.js');
  });

  it("is a link-initialize.js tag the app's HTML already has (Weft's, or Plaid's URL behind a proxy)", () => {
    const weft = 'https://weft.example/link/link-initialize.js';
    expect(resolveLinkScript(undefined, page('http://app.example/a.js', weft))).toBe(weft);
    const proxied = 'https://cdn.plaid.com/link/v2/stable/link-initialize.js';
    expect(resolveLinkScript(undefined, page(proxied))).toBe(proxied);
    expect(resolveLinkScript(undefined, page('https://x.example/link-initialize.json'))).toBe(
      '/link/link-initialize.js',
    );
  });

  it("prefers the hook's weftUrl, then configure(), then a tag on the page", () => {
    const tag = page('https://tag.example/link/link-initialize.js');
    configure({ weftUrl: 'https://configured.example' });
    expect(resolveLinkScript('https://hook.example', tag)).toBe(
      'https://hook.example/link/link-initialize.js',
    );
    expect(resolveLinkScript('', tag)).toBe('/link/link-initialize.js');
    expect(resolveLinkScript(undefined, tag)).toBe('https://configured.example/link/link-initialize.js');
    configure({ weftUrl: null });
    expect(resolveLinkScript(undefined, tag)).toBe('https://tag.example/link/link-initialize.js');
  });
});
