import { configure } from '@weft/react-link';
import { createRoot } from 'react-dom/client';
import { App } from './app';

const params = new URLSearchParams(window.location.search);
// The one line Weft asks of an app that aliases react-plaid-link: where Weft is. Without the
// alias it sets up a module nothing else uses, and the real react-plaid-link loads Plaid's URL.
configure({ weftUrl: params.get('weft') });

createRoot(document.getElementById('root')!).render(<App token={params.get('token')} />);
