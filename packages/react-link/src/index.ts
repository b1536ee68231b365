export { createScriptLoader, type ScriptElement, type ScriptHost } from './script-loader';
export type {
  PlaidHandler,
  PlaidLinkError,
  PlaidLinkOnEventMetadata,
  PlaidLinkOnExitMetadata,
  PlaidLinkOnSuccessMetadata,
  PlaidLinkOptions,
} from './types';
export { linkScriptUrl, usePlaidLink } from './use-plaid-link';
