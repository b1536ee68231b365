import { describe, expect, it } from 'vitest';
import { linkScriptUrl } from './link-config';
import { createScriptLoader, type ScriptElement, type ScriptHost } from './script-loader';

class FakeScript implements ScriptElement {
  src = '';
  nonce?: string;
  page: FakeScript[] | null = null;
  remove(): void {
    this.page?.splice(this.page.indexOf(this), 1);
  }
  async = false;
  private listeners: Record<string, (() => void)[]> = {};
  addEventListener(type: 'load' | 'error', listener: () => void): void {
    this.listeners[type] = [...(this.listeners[type] ?? []), listener];
  }
  fire(type: 'load' | 'error'): void {
    for (const l of this.listeners[type] ?? []) l();
  }
}

function fakePage(): ScriptHost & { appended: FakeScript[]; global: boolean } {
  const page = {
    appended: [] as FakeScript[],
    global: false,
    scripts: () => page.appended,
    createScript: () => new FakeScript(),
    append: (s: ScriptElement) => {
      (s as FakeScript).page = page.appended;
      page.appended.push(s as FakeScript);
    },
    ready: () => page.global,
  };
  return page;
}

describe('script loader', () => {
  it('inserts the script once however many callers ask, and all of them resolve', async () => {
    const page = fakePage();
    const load = createScriptLoader(() => page);
    const src = linkScriptUrl('https://weft.example/');
    const calls = [load(src), load(src), load(src)];
    expect(page.appended).toHaveLength(1);
    expect(page.appended[0]?.src).toBe('https://weft.example/link/link-initialize.js');
    expect(page.appended[0]?.async).toBe(true);
    page.appended[0]?.fire('load');
    await Promise.all(calls);
    await load(src);
    expect(page.appended).toHaveLength(1);
  });

  it('sets the nonce on the tag it inserts, for a nonce-based CSP', async () => {
    const page = fakePage();
    void createScriptLoader(() => page)('/link/link-initialize.js', 'r4nd0m');
    expect(page.appended[0]?.nonce).toBe('r4nd0m');
    void createScriptLoader(() => page)('/other.js');
    expect(page.appended[1]?.nonce).toBeUndefined();
  });

  it('resolves at once when the global is already there', async () => {
    const page = fakePage();
    page.global = true;
    await createScriptLoader(() => page)('/link/link-initialize.js');
    expect(page.appended).toHaveLength(0);
  });

  it('adopts a script tag already on the page instead of adding another', async () => {
    const page = fakePage();
    const tag = new FakeScript();
    tag.src = '/link/link-initialize.js';
    page.appended.push(tag);
    const p = createScriptLoader(() => page)('/link/link-initialize.js');
    tag.fire('load');
    await p;
    expect(page.appended).toHaveLength(1);
  });

  it('rejects on a load error and tries again on the next call', async () => {
    const page = fakePage();
    const load = createScriptLoader(() => page);
    const first = load('/x.js');
    page.appended[0]?.fire('error');
    await expect(first).rejects.toThrow('could not load /x.js');
    expect(page.appended).toHaveLength(0);
    void load('/x.js');
    expect(page.appended).toHaveLength(1);
  });

  it('builds the script URL from the Weft base URL', () => {
    expect(linkScriptUrl()).toBe('/link/link-initialize.js');
    expect(linkScriptUrl('http://localhost:8080')).toBe('http://localhost:8080/link/link-initialize.js');
  });
});
