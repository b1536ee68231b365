import { useState } from 'react';
import { type PlaidLinkOnExit, type PlaidLinkOnSuccess, usePlaidLink } from 'react-plaid-link';

/**
 * An app component written for react-plaid-link and nothing else: the browser tests build it
 * unchanged, once with the bundler alias to @weft/react-link and once against the real package.
 */
export function App(props: { token: string | null }) {
  const [result, setResult] = useState('');
  const [closed, setClosed] = useState(0);
  const onSuccess: PlaidLinkOnSuccess = (publicToken, metadata) =>
    setResult(`success ${publicToken} ${metadata.institution?.name} ${metadata.accounts.length}`);
  const onExit: PlaidLinkOnExit = (error, metadata) =>
    setResult(`exit ${error ? error.error_code : 'null'} ${metadata.status}`);
  const { open, exit, ready, error } = usePlaidLink({ token: props.token, onSuccess, onExit });
  return (
    <main>
      <button type="button" id="open" disabled={!ready} onClick={() => open()}>
        Connect a bank account
      </button>
      <button type="button" id="exit" onClick={() => exit({ force: true }, () => setClosed((n) => n + 1))}>
        Close Link
      </button>
      <output id="result">{error ? 'error loading Link' : result}</output>
      <output id="closed">{closed}</output>
    </main>
  );
}
