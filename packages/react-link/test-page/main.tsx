import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { usePlaidLink } from '../src/index';

// A page for the browser tests: several components use the hook at once (the script must still
// load once), and one of them opens Link and reports the callbacks.
const params = new URLSearchParams(window.location.search);
const token = params.get('token');
const weftUrl = params.get('weft') ?? '';

function Launcher(props: { id: number }) {
  const [result, setResult] = useState('');
  const { open, ready, error } = usePlaidLink({
    token: props.id === 0 ? token : null,
    weftUrl,
    onSuccess: (publicToken) => setResult(`success ${publicToken}`),
    onExit: (err, metadata) => setResult(`exit ${err ? err.error_code : 'null'} ${metadata.status}`),
  });
  return (
    <p>
      <button type="button" id={`open-${props.id}`} disabled={!ready} onClick={() => open()}>
        Open {props.id}
      </button>
      <output id={`result-${props.id}`}>{error ? `error ${error.message}` : result}</output>
    </p>
  );
}

createRoot(document.getElementById('root')!).render(
  <>
    <Launcher id={0} />
    <Launcher id={1} />
    <Launcher id={2} />
  </>,
);
