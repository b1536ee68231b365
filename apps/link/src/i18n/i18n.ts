import type { LinkAmount, LinkError } from '../../../server/src/products/link-session/link-session.contract';
import { formatAmount } from '../format';
import { type Catalogue, en, type MessageArgs, type MessageKey, type Plural } from './messages.en';

/**
 * The languages Link speaks, each with its catalogue. English is in the main bundle; the others
 * are separate chunks (same-origin files, which Link's CSP allows), fetched only by sessions that
 * speak them. Plaid's /link/token/create accepts more languages (its spec also lists da, et, hi, it,
 * lv, lt, no, pl, pt, ro, sv and vi); Link shows those in English.
 */
const CATALOGUES = {
  en: async () => en,
  fr: async () => (await import('./messages.fr')).fr,
  es: async () => (await import('./messages.es')).es,
  de: async () => (await import('./messages.de')).de,
  nl: async () => (await import('./messages.nl')).nl,
} satisfies Record<string, () => Promise<Catalogue>>;

/** A language Link has a catalogue for. */
export type Language = keyof typeof CATALOGUES;

/** Every language Link speaks. */
export const LANGUAGES = Object.keys(CATALOGUES) as Language[];

/** A language's catalogue (fetched once, then cached by the module loader). */
export function loadCatalogue(lang: Language): Promise<Catalogue> {
  return CATALOGUES[lang]();
}

/**
 * The catalogue language for a link token's `language`: its primary subtag in any case (`fr`,
 * `FR`, `fr-CA`), or English when Link has no catalogue for it.
 */
export function resolveLanguage(requested: string | null | undefined): Language {
  const primary = (requested ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return Object.hasOwn(CATALOGUES, primary) ? (primary as Language) : 'en';
}

/** Link's words and number formats in one language. */
export interface Translator {
  readonly lang: Language;
  /** A message with its placeholders filled in; `count` chooses the plural form. */
  t<K extends MessageKey>(key: K, ...args: MessageArgs<K>): string;
  /** A placeholder-free message looked up by a key built at run time, or null if there is none. */
  text(key: string): string | null;
  /** An amount of money as this language writes it. */
  money(amount: LinkAmount): string;
}

/** A translator for a language, given its catalogue. */
export function translator(lang: Language, catalogue: Catalogue): Translator {
  const plurals = new Intl.PluralRules(lang);
  return {
    lang,
    t(key, ...args) {
      const vars: Readonly<Record<string, string | number>> = args[0] ?? {};
      const entry: string | Plural = catalogue[key];
      const text =
        typeof entry === 'string'
          ? entry
          : plurals.select(Number(vars.count)) === 'one'
            ? entry.one
            : entry.other;
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        Object.hasOwn(vars, name) ? String(vars[name]) : whole,
      );
    },
    text(key) {
      const entry = Object.hasOwn(catalogue, key) ? catalogue[key as MessageKey] : undefined;
      return typeof entry === 'string' && !entry.includes('{') ? entry : null;
    },
    money: (amount) => formatAmount(amount, lang),
  };
}

/** English: what Link speaks before a session starts, and for languages it has no catalogue for. */
export const ENGLISH = translator('en', en);

const made = new Map<Language, Translator>([['en', ENGLISH]]);

/**
 * The translator for a link token's `language`, one per language (a stable value for React).
 * Should its catalogue fail to load (a network error), Link still works, in English.
 */
export async function loadTranslator(requested: string | null | undefined): Promise<Translator> {
  const lang = resolveLanguage(requested);
  const known = made.get(lang);
  if (known) return known;
  try {
    const loaded = translator(lang, await loadCatalogue(lang));
    made.set(lang, loaded);
    return loaded;
  } catch {
    return ENGLISH;
  }
}

/**
 * What Link tells the user about an error. An error's `display_message` is written in English, so
 * English shows it as it is; other languages show their own message for the error code, or a
 * general one.
 */
export function errorMessage(i18n: Translator, e: LinkError): string {
  if (i18n.lang === 'en' && e.display_message) return e.display_message;
  return i18n.text(`error.message.${e.error_code}`) ?? i18n.t('error.message');
}

/** The pane title for an error: a specific one for the codes that have one. */
export function errorTitle(i18n: Translator, e: LinkError): string {
  return i18n.text(`error.title.${e.error_code}`) ?? i18n.t('error.title');
}

/** An account's subtype (or, without one, its type) in the user's language. */
export function accountKind(i18n: Translator, kind: string): string {
  return i18n.text(`account.${kind.replace(/ /g, '_')}`) ?? kind;
}
