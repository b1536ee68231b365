import { type ReactNode, useEffect, useRef } from 'react';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * The modal: a labelled dialog that keeps keyboard focus inside it (Tab and Shift+Tab wrap),
 * exits on Escape, and moves focus to the first field or the title whenever the pane changes.
 */
export function Dialog(props: { children: ReactNode; onExit: () => void; busy: boolean; paneKey: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { paneKey } = props;

  useEffect(() => {
    const root = ref.current;
    if (!root || !paneKey) return;
    const target =
      root.querySelector<HTMLElement>('[data-autofocus]') ??
      root.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled])') ??
      root.querySelector<HTMLElement>('h1');
    target?.focus();
  }, [paneKey]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onExit();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && (document.activeElement === first || !ref.current.contains(document.activeElement))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="overlay">
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pane-title"
        aria-busy={props.busy}
        onKeyDown={onKeyDown}
      >
        <button type="button" className="close" aria-label="Exit" onClick={props.onExit}>
          ×
        </button>
        {props.children}
      </div>
    </div>
  );
}
