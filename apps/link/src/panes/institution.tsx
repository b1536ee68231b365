import { useEffect, useState } from 'react';
import type { LinkInstitution } from '../../../server/src/products/link-session/link-session.contract';
import type { SessionApi } from '../api';
import { useI18n } from '../i18n/i18n-context';
import { InstitutionLogo } from './institution-logo';
import { PaneFrame } from './pane-frame';

/** Pick a bank: the popular ones first, or search by name. */
export function InstitutionPane(props: {
  api: SessionApi;
  popular: LinkInstitution[];
  onSearch: (query: string) => void;
  onSelect: (institution: LinkInstitution) => void;
}) {
  const { api, onSearch } = props;
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<LinkInstitution[] | null>(null);

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setResults(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      onSearch(q);
      api
        .search(q)
        .then((r) => {
          if (live) setResults(r.institutions);
        })
        .catch(() => {
          if (live) setResults([]);
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [query, api, onSearch]);

  const list = results ?? props.popular;
  return (
    <PaneFrame
      title={t('institution.title')}
      head={
        <>
          <label className="field">
            <span>{t('institution.search')}</span>
            <input
              type="search"
              value={query}
              autoComplete="off"
              onChange={(e) => setQuery(e.target.value)}
            />
          </label>
          <p className="muted" aria-live="polite">
            {results === null
              ? t('institution.popular')
              : t('institution.results', { count: results.length })}
          </p>
        </>
      }
    >
      <ul className="institutions">
        {list.map((i) => (
          <li key={i.institution_id}>
            <button type="button" className="institution" onClick={() => props.onSelect(i)}>
              <InstitutionLogo institution={i} />
              <span>{i.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </PaneFrame>
  );
}
