import { createContext, useContext } from 'react';
import { ENGLISH, type Translator } from './i18n';

/** The language of the Link session on screen; English until the session has started. */
export const I18nContext = createContext<Translator>(ENGLISH);

/** Link's words in the session's language, for a pane. */
export function useI18n(): Translator {
  return useContext(I18nContext);
}
