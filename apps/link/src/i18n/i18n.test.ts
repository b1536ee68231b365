import { describe, expect, it } from 'vitest';
import {
  accountKind,
  ENGLISH,
  errorMessage,
  errorTitle,
  LANGUAGES,
  type Language,
  loadCatalogue,
  loadTranslator,
  resolveLanguage,
  translator,
} from './i18n';
import { type Catalogue, en, type Plural } from './messages.en';

type Entry = string | Plural;

/** The `{name}` placeholders of a message (all forms of a plural one), sorted. */
function placeholders(entry: Entry): string[] {
  const texts = typeof entry === 'string' ? [entry] : [entry.one, entry.other];
  const names = texts.flatMap((s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!));
  return [...new Set(names)].sort();
}

const texts = (entry: Entry): string[] => (typeof entry === 'string' ? [entry] : [entry.one, entry.other]);
const english = Object.entries(en) as [string, Entry][];
const CATALOGUES = Object.fromEntries(
  await Promise.all(LANGUAGES.map(async (lang) => [lang, await loadCatalogue(lang)] as const)),
) as Record<Language, Catalogue>;
const others = Object.entries(CATALOGUES).filter(([lang]) => lang !== 'en') as [
  string,
  Record<string, Entry>,
][];
/** The translator for a language Link speaks. */
const tr = (lang: Language) => translator(lang, CATALOGUES[lang]);

describe("Link's message catalogue", () => {
  it('speaks English plus French, Spanish, German and Dutch', () => {
    expect(Object.keys(CATALOGUES).sort()).toEqual(['de', 'en', 'es', 'fr', 'nl']);
  });

  it.each(others)('%s has exactly the English keys, each of the same kind', (_lang, catalogue) => {
    expect(Object.keys(catalogue).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of english) expect(typeof catalogue[key], key).toBe(typeof entry);
  });

  it.each(Object.entries(CATALOGUES))('%s has no empty or untrimmed text', (_lang, catalogue) => {
    for (const [key, entry] of Object.entries(catalogue as Record<string, Entry>))
      for (const text of texts(entry)) {
        expect(text, key).not.toBe('');
        expect(text, key).toBe(text.trim());
      }
  });

  it.each(others)('%s uses the same placeholders as English in every message', (_lang, catalogue) => {
    for (const [key, entry] of english) {
      const translated = catalogue[key];
      expect(translated && placeholders(translated), key).toEqual(placeholders(entry));
    }
  });

  it.each(others)('%s is a translation: most of its texts differ from English', (_lang, catalogue) => {
    const same = english.filter(([key, entry]) => JSON.stringify(catalogue[key]) === JSON.stringify(entry));
    // Only names that stay as they are (401k, IRA…) may match; a copied catalogue would not pass.
    expect(same.length).toBeLessThan(english.length / 10);
  });
});

describe('resolveLanguage', () => {
  it.each([
    ['fr', 'fr'],
    ['FR', 'fr'],
    ['fr-CA', 'fr'],
    ['es', 'es'],
    ['de', 'de'],
    ['nl', 'nl'],
    ['en', 'en'],
    // Plaid accepts these, but Link has no catalogue for them yet: English.
    ['it', 'en'],
    ['sv', 'en'],
    ['ja', 'en'],
    ['xx', 'en'],
    ['', 'en'],
    [null, 'en'],
    // Not a language, whatever Object.prototype holds.
    ['constructor', 'en'],
    ['__proto__', 'en'],
  ])('%s → %s', (requested, expected) => {
    expect(resolveLanguage(requested)).toBe(expected);
  });
});

describe('loadTranslator', () => {
  it("speaks the link token's language when Link has its catalogue, else English", async () => {
    expect((await loadTranslator('fr')).t('action.continue')).toBe('Continuer');
    expect((await loadTranslator('de-AT')).lang).toBe('de');
    expect(await loadTranslator('de')).toBe(await loadTranslator('DE'));
    expect(await loadTranslator('en')).toBe(ENGLISH);
    expect(await loadTranslator('it')).toBe(ENGLISH);
    expect(await loadTranslator('tlh')).toBe(ENGLISH);
  });
});

describe('translator', () => {
  it('fills placeholders and chooses the plural form by the language’s rules', () => {
    const fr = tr('fr');
    expect(fr.t('credentials.title', { bank: 'Banque Ornithorynque' })).toBe(
      'Connectez-vous à Banque Ornithorynque',
    );
    expect(fr.t('institution.results', { count: 1 })).toBe('1 résultat');
    expect(fr.t('institution.results', { count: 3 })).toBe('3 résultats');
    // French puts 0 in "one"; English does not.
    expect(fr.t('institution.results', { count: 0 })).toBe('0 résultat');
    expect(tr('en').t('institution.results', { count: 0 })).toBe('0 results');
    expect(tr('en').t('institution.results', { count: 1 })).toBe('1 result');
    expect(tr('nl').t('success.connected', { count: 2, bank: 'Bank', client: 'App' })).toBe(
      '2 rekeningen bij Bank gekoppeld aan App.',
    );
  });

  it('formats money as the language writes it', () => {
    expect(tr('en').money({ value: 1234.5, currency: 'USD' })).toBe('$1,234.50');
    expect(tr('de').money({ value: 1234.5, currency: 'EUR' })).toBe('1.234,50\u00a0€');
    expect(tr('fr').money({ value: 1234.5, currency: 'EUR' })).toBe('1\u202f234,50\u00a0€');
    expect(tr('es').money({ value: 1234.5, currency: 'GBP' })).toBe('1234,50\u00a0GBP');
    expect(tr('nl').money({ value: 1234.5, currency: 'EUR' })).toBe('€\u00a01.234,50');
    // A currency code Intl refuses still shows the figure and the code.
    expect(tr('de').money({ value: 2, currency: 'not-a-code' })).toBe('2.00 not-a-code');
  });

  it('looks up run-time keys only for placeholder-free texts', () => {
    const de = tr('de');
    expect(de.text('error.title.ITEM_LOCKED')).toBe('Ihr Konto ist gesperrt');
    expect(de.text('error.title.NOT_A_CODE')).toBeNull();
    expect(de.text('credentials.title')).toBeNull();
    expect(de.text('institution.results')).toBeNull();
    expect(de.text('toString')).toBeNull();
  });
});

describe('errors and account kinds', () => {
  const locked = {
    error_type: 'ITEM_ERROR',
    error_code: 'ITEM_LOCKED',
    error_message: 'the account is locked',
    display_message: 'The given account has been locked by the financial institution.',
  };

  it("English shows the error's own display_message; other languages their own words", () => {
    expect(errorMessage(tr('en'), locked)).toBe(locked.display_message);
    expect(errorMessage(tr('es'), locked)).toBe(
      'Tu banco ha bloqueado esta cuenta. Desbloquéala en el sitio web de tu banco y vuelve a intentarlo.',
    );
    expect(errorTitle(tr('es'), locked)).toBe('Tu cuenta está bloqueada');
  });

  it('an error code without words of its own gets the general ones', () => {
    const odd = { ...locked, error_code: 'USER_SETUP_REQUIRED', display_message: null };
    expect(errorMessage(tr('fr'), odd)).toBe('Veuillez réessayer plus tard.');
    expect(errorMessage(tr('en'), odd)).toBe('Please try again later.');
    expect(errorTitle(tr('fr'), odd)).toBe('Un problème est survenu');
  });

  it('names account subtypes and types in the language, raw when unknown', () => {
    expect(accountKind(tr('de'), 'credit card')).toBe('Kreditkarte');
    expect(accountKind(tr('fr'), 'checking')).toBe('compte courant');
    expect(accountKind(tr('en'), 'money market')).toBe('money market');
    expect(accountKind(tr('nl'), 'hsa')).toBe('hsa');
  });
});
