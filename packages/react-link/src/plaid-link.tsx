import type { PlaidLinkPropTypes } from './types.js';
import { usePlaidLink } from './use-plaid-link.js';

/**
 * react-plaid-link's `PlaidLink` button: opens Link on click. Takes the hook's options plus
 * `children`, `className` and `style` (merged over the same default look).
 */
export function PlaidLink(props: PlaidLinkPropTypes) {
  const { children, style, className, ...options } = props;
  const { error, open } = usePlaidLink(options);
  return (
    <button
      type="button"
      disabled={Boolean(error)}
      className={className}
      style={{
        padding: '6px 4px',
        outline: 'none',
        background: '#FFFFFF',
        border: '2px solid #F1F1F1',
        borderRadius: '4px',
        ...style,
      }}
      onClick={() => open()}
    >
      {children}
    </button>
  );
}
