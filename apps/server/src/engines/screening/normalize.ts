/**
 * Name preparation, the same on both sides of a comparison: transliteration of Cyrillic, Greek
 * and Arabic letters, accents removed, case folded, punctuation dropped, honorifics and legal-form
 * words taken off, and "SURNAME, Given names" turned around for people.
 */

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  ґ: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  є: 'ye',
  ж: 'zh',
  з: 'z',
  и: 'i',
  і: 'i',
  ї: 'yi',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ў: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ђ: 'dj',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  џ: 'dz',
  ѕ: 'dz',
  ќ: 'kj',
  ѓ: 'gj',
};

const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

/** Arabic consonants and long vowels; short vowels are unwritten, so the Latin side is terse. */
const ARABIC: Record<string, string> = {
  ا: 'a',
  أ: 'a',
  إ: 'i',
  آ: 'a',
  ٱ: 'a',
  ب: 'b',
  ت: 't',
  ث: 'th',
  ج: 'j',
  ح: 'h',
  خ: 'kh',
  د: 'd',
  ذ: 'dh',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 'sh',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  ع: '',
  غ: 'gh',
  ف: 'f',
  ق: 'q',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  ة: 'a',
  و: 'w',
  ي: 'y',
  ى: 'a',
  ء: '',
  ؤ: 'u',
  ئ: 'i',
  پ: 'p',
  چ: 'ch',
  ژ: 'zh',
  گ: 'g',
  ک: 'k',
  ی: 'y',
};

/** Latin letters that do not decompose into a base letter and a mark. */
const LATIN: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  œ: 'oe',
  ı: 'i',
  ħ: 'h',
};

/** Long vowels inside an Arabic word read as vowels, at its start as consonants. */
const ARABIC_INNER: Record<string, string> = { و: 'u', ي: 'i', ی: 'i' };

/** Latin spelling of a string in Cyrillic, Greek or Arabic script (other characters pass through). */
export function transliterate(s: string): string {
  let out = '';
  let prevArabic = false;
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const arabic = ARABIC[ch];
    if (arabic !== undefined) {
      out += prevArabic && ARABIC_INNER[ch] ? ARABIC_INNER[ch] : arabic;
      prevArabic = true;
      continue;
    }
    prevArabic = false;
    out += CYRILLIC[lower] ?? GREEK[lower] ?? LATIN[lower] ?? ch;
  }
  return out;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * Lower case, accents off, transliterated, apostrophes joined (O'Brien is obrien), every other
 * punctuation mark or symbol a space, spaces collapsed: the comparable form of a name.
 */
export function foldText(s: string): string {
  // ASCII has no marks to take off and nothing to transliterate: most names, query and list alike.
  const plain = !NON_ASCII.test(s)
    ? s
    : transliterate(s.normalize('NFD').replace(/\p{Mn}/gu, ''))
        .normalize('NFD')
        .replace(/\p{Mn}/gu, '');
  return plain
    .toLowerCase()
    .replace(/['’`ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Titles before a person's name, which lists and applicants add or leave out at will. */
export const HONORIFICS: ReadonlySet<string> = new Set(
  'mr mrs ms miss mx dr prof sir dame lord lady sheikh shaikh sheik shaykh haji hajji alhaj mullah maulana maulvi rev fr father sister brother gen general col colonel maj major capt captain lt sgt hon his her excellency mme mlle herr frau sr sra srta dona don'.split(
    ' ',
  ),
);

/** Legal-form words at either end of an organisation's name, as token sequences. */
export const LEGAL_FORMS: readonly string[][] = [
  'incorporated',
  'inc',
  'llc',
  'l l c',
  'ltd',
  'limited',
  'co',
  'corp',
  'corporation',
  'company',
  'gmbh',
  'ag',
  'sa',
  's a',
  'sas',
  'sarl',
  'srl',
  'spa',
  's p a',
  'bv',
  'nv',
  'plc',
  'llp',
  'lp',
  'doo',
  'd o o',
  'ltda',
  'sa de cv',
  'de cv',
  'oy',
  'ab',
  'as',
  'asa',
  'a s',
  'da',
  'ans',
  'ooo',
  'oao',
  'zao',
  'pao',
  'ojsc',
  'cjsc',
  'pjsc',
  'jsc',
  'kg',
  'pte',
  'pty',
  'sdn bhd',
  'bhd',
  'kft',
  'sro',
  's r o',
  'fze',
  'fzco',
  'fzc',
  'jv',
].map((f) => f.split(' '));

/** Whether `tokens` starts (at `at`) with `form`. */
function startsWith(tokens: readonly string[], form: readonly string[], at: number): boolean {
  if (at + form.length > tokens.length) return false;
  return form.every((t, k) => tokens[at + k] === t);
}

/** Words a name keeps besides its legal forms for them to be taken off. */
export const MIN_WORDS_WITHOUT_LEGAL_FORM = 2;

/**
 * An organisation's tokens without legal-form words at its ends, as long as two words or more are
 * left: "Blue Heron Trading Co., Ltd." is "blue heron trading", but "ACME Corporation" keeps its
 * form, since one word alone (acme, pegasus, unica) is too common a name to screen on and the form
 * is then a good part of what the name says.
 */
export function stripLegalForms(tokens: readonly string[]): string[] {
  let start = 0;
  let end = tokens.length;
  const keeps = (form: readonly string[]) => end - start - form.length >= MIN_WORDS_WITHOUT_LEGAL_FORM;
  for (let changed = true; changed; ) {
    changed = false;
    for (const form of LEGAL_FORMS) {
      if (keeps(form) && startsWith(tokens, form, end - form.length)) {
        end -= form.length;
        changed = true;
      }
      if (keeps(form) && startsWith(tokens, form, start)) {
        start += form.length;
        changed = true;
      }
    }
  }
  return tokens.slice(start, end);
}

/** A person's tokens without leading titles; a name of nothing else is kept whole. */
export function stripHonorifics(tokens: readonly string[]): string[] {
  let start = 0;
  while (start < tokens.length - 1 && HONORIFICS.has(tokens[start]!)) start++;
  return tokens.slice(start);
}

/** "MADURO MOROS, Nicolas" as "Nicolas MADURO MOROS"; names with no comma or several pass through. */
export function reorderSurnameFirst(name: string): string {
  const m = /^([^,]+),\s*([^,]+)$/.exec(name.trim());
  return m ? `${m[2]!.trim()} ${m[1]!.trim()}` : name;
}

/** Whether a name is screened as a person's or an organisation's. */
export type NameKind = 'individual' | 'entity';

/** A name as comparable tokens: the whole preparation, for a query or a list entry alike. */
export function prepareName(raw: string, kind: NameKind): string[] {
  const ordered = kind === 'individual' ? reorderSurnameFirst(raw) : raw;
  const tokens = foldText(ordered).split(' ').filter(Boolean);
  return kind === 'individual' ? stripHonorifics(tokens) : stripLegalForms(tokens);
}
