import { HOST_TAG, type HostMessage, LINK_TAG, type LinkMessage, type Untagged } from './protocol';

/**
 * The channel to the embedding page. Its origin comes from the iframe URL's fragment (set by
 * link-initialize.js); messages go only to that origin and are accepted only from the parent
 * window at that origin. A page lying about its origin simply never hears back.
 */
export class Host {
  readonly origin: string;

  constructor() {
    const params = new URLSearchParams(window.location.hash.slice(1));
    const claimed = params.get('origin') ?? '';
    this.origin = /^https?:\/\/[^/]+$/.test(claimed) ? claimed : '';
  }

  /** True when Link runs inside a page that told it its origin. */
  get connected(): boolean {
    return this.origin !== '' && window.parent !== window;
  }

  /** Posts a message to the embedding page (its declared origin only). */
  send(m: Untagged<LinkMessage>): void {
    if (this.connected) window.parent.postMessage({ ...m, source: LINK_TAG }, this.origin);
  }

  /** Receives the page's messages; returns the unsubscribe function. */
  listen(handler: (m: HostMessage) => void): () => void {
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== window.parent || event.origin !== this.origin) return;
      const m = event.data as HostMessage;
      if (m && m.source === HOST_TAG) handler(m);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }
}
