import type { FormEvent, ReactNode } from 'react';

/**
 * A pane's layout: the title (with what must stay in reach beside it, such as the search field)
 * on top, the actions at the bottom, and only the content between them scrolls. A long list (ten
 * accounts, many banks) then never pushes Continue out of sight on a short or narrow screen.
 * With `onSubmit`, content and actions are one form, so Enter in any field submits it.
 */
export function PaneFrame(props: {
  title: ReactNode;
  /** Above the title: the bank's logo, the success check. */
  lead?: ReactNode;
  /** Below the title and fixed with it. */
  head?: ReactNode;
  actions?: ReactNode;
  onSubmit?: (e: FormEvent<HTMLFormElement>) => void;
  center?: boolean;
  children?: ReactNode;
}) {
  const main = (
    <>
      <div className="pane-body">{props.children}</div>
      {props.actions && <div className="pane-actions">{props.actions}</div>}
    </>
  );
  return (
    <section className={props.center ? 'pane center' : 'pane'}>
      <div className="pane-head">
        {props.lead}
        <h1 id="pane-title" tabIndex={-1}>
          {props.title}
        </h1>
        {props.head}
      </div>
      {props.onSubmit ? (
        <form className="pane-main" onSubmit={props.onSubmit} noValidate>
          {main}
        </form>
      ) : (
        main
      )}
    </section>
  );
}
