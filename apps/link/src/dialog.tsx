import { type ReactNode, useEffect, useRef } from 'react';
import type { Translator } from './i18n/i18n';
import { I18nContext } from './i18n/i18n-context';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Where focus goes when a pane appears: its marked control, else its first field, else its title. */
function firstTarget(root: HTMLElement): HTMLElement | null {
  return (
    root.querySelector<HTMLElement>('[data-autofocus]') ??
    root.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled])') ??
    root.querySelector<HTMLElement>('h1')
  );
}

/**
 * The modal: a labelled dialog that keeps keyboard focus inside it (Tab and Shift+Tab wrap),
 * calls `onClose` for the close button and Escape, and moves focus to the first field or the title
 * whenever the pane changes. `question` (the exit confirmation) is shown over the pane: the pane
 * stays mounted but hidden, so staying brings back what the user typed and the focus they had.
 * The dialog carries the session's language (`lang`, for screen readers) and provides its words
 * to the panes inside. Its top bar (back arrow, when `onBack` is given, and close) never scrolls
 * away; the back arrow waits while a request is in flight, so a late reply cannot overtake it.
 */
export function Dialog(props: {
  i18n: Translator;
  children: ReactNode;
  question: ReactNode | null;
  onClose: () => void;
  busy: boolean;
  paneKey: string;
  onBack: (() => void) | null;
}) {
  const { t, lang } = props.i18n;
  const ref = useRef<HTMLDivElement>(null);
  const pane = useRef<HTMLDivElement>(null);
  const asked = useRef<HTMLDivElement>(null);
  const lastFocus = useRef<HTMLElement | null>(null);
  const wasAsking = useRef(false);
  const { paneKey } = props;
  const asking = props.question !== null;

  useEffect(() => {
    const returning = wasAsking.current && !asking;
    const stillAsking = wasAsking.current && asking;
    wasAsking.current = asking;
    // The pane behind the question changed (a reply arrived): focus stays on the question.
    if (stillAsking) return;
    const root = asking ? asked.current : pane.current;
    if (!root || !paneKey) return;
    const back = returning ? lastFocus.current : null;
    const usable = back?.isConnected && ref.current?.contains(back) && !back.closest('[hidden]');
    (usable ? back : firstTarget(root))?.focus();
  }, [paneKey, asking]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      props.onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => !el.closest('[hidden]'),
    );
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
    <I18nContext value={props.i18n}>
      <div className="overlay">
        <div
          ref={ref}
          className="dialog"
          role="dialog"
          lang={lang}
          aria-modal="true"
          aria-labelledby="pane-title"
          aria-busy={props.busy}
          onKeyDown={onKeyDown}
          onFocus={(e) => {
            if (!asked.current?.contains(e.target)) lastFocus.current = e.target;
          }}
        >
          <div className="bar" hidden={asking}>
            {props.onBack && (
              <button
                type="button"
                className="back"
                aria-label={t('action.back')}
                disabled={props.busy}
                onClick={props.onBack}
              >
                <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">
                  <path d="M15 5l-7 7 7 7" />
                </svg>
              </button>
            )}
            <button type="button" className="close" aria-label={t('dialog.close')} onClick={props.onClose}>
              ×
            </button>
          </div>
          <div ref={pane} className="frame" hidden={asking}>
            {props.children}
          </div>
          {asking && (
            <div ref={asked} className="frame">
              {props.question}
            </div>
          )}
        </div>
      </div>
    </I18nContext>
  );
}
