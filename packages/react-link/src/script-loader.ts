/** A `<script>` element, as far as the loader uses it. */
export interface ScriptElement {
  src: string;
  async: boolean;
  nonce?: string;
  addEventListener(type: 'load' | 'error', listener: () => void): void;
  remove(): void;
}

/** The part of the page the loader touches; a parameter so it can be tested without a DOM. */
export interface ScriptHost {
  /** Scripts already on the page. */
  scripts(): Iterable<ScriptElement>;
  createScript(): ScriptElement;
  append(script: ScriptElement): void;
  /** True once the script's global exists (e.g. it was on the page before us). */
  ready(): boolean;
}

/**
 * Loads a classic script at most once per URL, however many callers ask: the first call inserts
 * the `<script>` (or adopts one already on the page); every later call shares the same promise.
 * `nonce` is set on a tag it inserts, for pages whose Content-Security-Policy uses nonces.
 */
export function createScriptLoader(host: () => ScriptHost): (src: string, nonce?: string) => Promise<void> {
  const pending = new Map<string, Promise<void>>();
  return (src, nonce) => {
    const known = pending.get(src);
    if (known) return known;
    const h = host();
    const promise = new Promise<void>((resolve, reject) => {
      if (h.ready()) return resolve();
      const existing = [...h.scripts()].find((s) => s.src === src);
      const script = existing ?? h.createScript();
      script.addEventListener('load', () => resolve());
      script.addEventListener('error', () => {
        // A failed tag would be adopted (and never load) on retry: take it off the page.
        script.remove();
        pending.delete(src);
        reject(new Error(`could not load ${src}`));
      });
      if (!existing) {
        script.src = src;
        script.async = true;
        if (nonce) script.nonce = nonce;
        h.append(script);
      }
    });
    pending.set(src, promise);
    return promise;
  };
}
