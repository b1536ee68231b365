import { countryCode } from '../countries';
import { blankEntry, parseGender, type WatchlistEntry } from '../model';
import { parseListDate } from './ofac';

/**
 * The UN Security Council Consolidated List as published in XML: INDIVIDUALS/INDIVIDUAL and
 * ENTITIES/ENTITY records with their aliases, dates of birth, documents and addresses. The format
 * is flat and regular, so a few patterns read it without an XML library.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
    .replace(/&(\w+);/g, (m, n: string) => ENTITIES[n] ?? m)
    .trim();

/** The text of every `<tag>…</tag>` directly inside `xml` (nested blocks included). */
function all(xml: string, tag: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1]!);
  return out;
}
const one = (xml: string, tag: string) => {
  const v = all(xml, tag)[0];
  return v === undefined ? '' : decode(v);
};

const DOC_TYPES: [RegExp, string][] = [
  [/passport/i, 'passport'],
  [/national identification|identity card|national id/i, 'personal_identification'],
  [/tax/i, 'tax_id'],
  [/driv/i, 'drivers_license'],
];

/** The generation date the file states (YYYY-MM-DD), if any. */
export function unDateGenerated(xml: string): string | null {
  return /dateGenerated="(\d{4}-\d{2}-\d{2})/.exec(xml)?.[1] ?? null;
}

/** Parses the UN consolidated XML into entries of the IZ_UNC list. */
export function parseUnXml(xml: string): WatchlistEntry[] {
  const out: WatchlistEntry[] = [];
  for (const [tag, type] of [
    ['INDIVIDUAL', 'individual'],
    ['ENTITY', 'entity'],
  ] as const) {
    for (const block of all(xml, tag)) {
      const id = one(block, 'DATAID');
      if (!id) continue;
      const entry = blankEntry('IZ_UNC', id, type);
      const full = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME']
        .map((t) => one(block, t))
        .filter(Boolean)
        .join(' ');
      if (!full) continue;
      entry.names.push({ full, primary: true, weak: false });
      const original = one(block, 'NAME_ORIGINAL_SCRIPT');
      if (original) entry.names.push({ full: original, primary: false, weak: false });
      for (const alias of all(block, `${tag}_ALIAS`)) {
        const name = one(alias, 'ALIAS_NAME');
        if (name) entry.names.push({ full: name, primary: false, weak: /low/i.test(one(alias, 'QUALITY')) });
      }
      entry.programs = [one(block, 'UN_LIST_TYPE')].filter(Boolean);
      entry.listedOn = one(block, 'LISTED_ON') || null;
      const gender = parseGender(one(block, 'GENDER'));
      if (gender) entry.gender = gender;
      for (const dob of all(block, `${tag}_DATE_OF_BIRTH`)) {
        const d = parseListDate(one(dob, 'DATE') || one(dob, 'YEAR') || one(dob, 'FROM_YEAR'));
        if (d) entry.datesOfBirth.push(d);
      }
      for (const nat of all(block, 'NATIONALITY'))
        for (const v of all(nat, 'VALUE')) {
          const c = countryCode(decode(v));
          if (c) entry.countries.push(c);
        }
      for (const addr of all(block, `${tag}_ADDRESS`)) {
        const country = countryCode(one(addr, 'COUNTRY'));
        if (!country) continue;
        const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'ZIP_CODE', 'COUNTRY'].map((t) => one(addr, t));
        entry.locations.push({ full: parts.filter(Boolean).join(', '), country });
        entry.countries.push(country);
      }
      for (const doc of all(block, `${tag}_DOCUMENT`)) {
        const number = one(doc, 'NUMBER');
        if (!number) continue;
        const label = one(doc, 'TYPE_OF_DOCUMENT');
        entry.documents.push({ type: DOC_TYPES.find(([re]) => re.test(label))?.[1] ?? 'other', number });
      }
      entry.countries = [...new Set(entry.countries)];
      out.push(entry);
    }
  }
  return out;
}
