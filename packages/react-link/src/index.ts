export { configure, linkScriptUrl } from './link-config.js';
export { PlaidLink } from './plaid-link.js';
export { createScriptLoader, type ScriptElement, type ScriptHost } from './script-loader.js';
export type {
  PlaidAccount,
  PlaidHandler,
  PlaidHandlerExitOptions,
  PlaidHandlerSubmissionData,
  PlaidInstitution,
  PlaidLinkError,
  PlaidLinkOnEvent,
  PlaidLinkOnEventMetadata,
  PlaidLinkOnExit,
  PlaidLinkOnExitMetadata,
  PlaidLinkOnLoad,
  PlaidLinkOnSuccess,
  PlaidLinkOnSuccessMetadata,
  PlaidLinkOptions,
  PlaidLinkOptionsWithLinkToken,
  PlaidLinkPropTypes,
  PlaidLinkResult,
} from './types.js';
export { PlaidLinkStableEvent } from './types.js';
export { usePlaidLink } from './use-plaid-link.js';
