import { foldText } from './normalize';

/** Names the lists use that differ from the English region names of ICU. */
const ALIASES: Record<string, string> = {
  'korea north': 'KP',
  'north korea': 'KP',
  'democratic people s republic of korea': 'KP',
  'democratic peoples republic of korea': 'KP',
  'korea south': 'KR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  burma: 'MM',
  'russian federation': 'RU',
  'iran islamic republic of': 'IR',
  'islamic republic of iran': 'IR',
  'syrian arab republic': 'SY',
  'congo democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo republic of the': 'CG',
  'west bank': 'PS',
  gaza: 'PS',
  'gaza strip': 'PS',
  palestinian: 'PS',
  'united states of america': 'US',
  usa: 'US',
  'united kingdom of great britain and northern ireland': 'GB',
  uk: 'GB',
  'viet nam': 'VN',
  'lao people s democratic republic': 'LA',
  'bolivarian republic of venezuela': 'VE',
  'venezuela bolivarian republic of': 'VE',
  'united republic of tanzania': 'TZ',
  'republic of moldova': 'MD',
  'the former yugoslav republic of macedonia': 'MK',
  'cote d ivoire': 'CI',
  'ivory coast': 'CI',
  turkey: 'TR',
  czechia: 'CZ',
  'czech republic': 'CZ',
  'hong kong': 'HK',
  macau: 'MO',
  'british virgin islands': 'VG',
};

let byName: Map<string, string> | undefined;

/** Every ISO 3166 alpha-2 code ICU names, keyed by its folded English name. */
function names(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(ALIASES));
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        continue;
      }
      if (!name || name === code || name.startsWith('Unknown')) continue;
      const key = foldText(name);
      if (!byName.has(key)) byName.set(key, code);
    }
  return byName;
}

/** The ISO alpha-2 code of a country named in a list, or of a code given as one; null if unknown. */
export function countryCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) return trimmed.toUpperCase();
  const folded = foldText(trimmed);
  return names().get(folded) ?? names().get(folded.replace(/^the /, '')) ?? null;
}

/** The countries named in free text such as an address's last part ("Tehran, Iran"). */
export function countryInText(text: string): string | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (let i = parts.length - 1; i >= 0; i--) {
    const c = countryCode(parts[i]);
    if (c) return c;
  }
  return null;
}
