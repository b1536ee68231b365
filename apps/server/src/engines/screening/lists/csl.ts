import { countryCode, countryInText } from '../countries';
import { blankEntry, type ListCode, type WatchlistEntry } from '../model';
import { parseDelimited } from './csv';
import { parseListDate } from './ofac';

/**
 * The US Consolidated Screening List (trade.gov) CSV, in its older layout and in the current one
 * (with an `_id` column): one row per entry of a sub-list named by `source`, aliases `;`-separated.
 */

/** The Plaid list code of a CSL sub-list, from the abbreviation in its `source` column. */
const SOURCES: [RegExp, ListCode][] = [
  [/\(SDN\)/, 'US_SDN'],
  [/\(SSI\)/, 'US_SSI'],
  [/\(EL\)/, 'US_TEL'],
  [/\(PLC\)/, 'US_PLC'],
  [/\(DTC\)/, 'US_DTC'],
  [/\(DPL\)/, 'US_DPL'],
  [/\(UVL\)/, 'US_UVL'],
  [/\(ISN\)/, 'US_ISN'],
  [/\(CAP\)/, 'US_CAP'],
  [/\(FSE\)/, 'US_FSE'],
  [/\(MBS\)/, 'US_MBS'],
  [/\(CMIC\)/, 'US_CMC'],
  [/\(MEU\)/, 'US_TEL'],
];

const split = (v: string | undefined) =>
  (v ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses a CSL CSV (header row required); rows of sub-lists Plaid has no code for are skipped. */
export function parseCsl(text: string): WatchlistEntry[] {
  const [header, ...rows] = parseDelimited(text);
  if (!header) return [];
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const get = (row: string[], name: string) => row[col.get(name) ?? -1]?.trim() ?? '';
  const out: WatchlistEntry[] = [];
  rows.forEach((row, n) => {
    const list = SOURCES.find(([re]) => re.test(get(row, 'source')))?.[1];
    const name = get(row, 'name');
    if (!list || !name) return;
    const kind = get(row, 'type').toLowerCase();
    const type =
      kind === 'individual'
        ? 'individual'
        : kind === 'vessel'
          ? 'vessel'
          : kind === 'aircraft'
            ? 'aircraft'
            : 'entity';
    const id = get(row, '_id') || get(row, 'entity_number') || `row${n + 1}`;
    const entry = blankEntry(list, id, type);
    entry.names.push({ full: name, primary: true, weak: false });
    for (const alt of split(get(row, 'alt_names')))
      entry.names.push({ full: alt, primary: false, weak: false });
    entry.programs = split(get(row, 'programs'));
    entry.listedOn = parseListDate(get(row, 'start_date'));
    for (const d of split(get(row, 'dates_of_birth'))) {
      const parsed = parseListDate(d);
      if (parsed) entry.datesOfBirth.push(parsed);
    }
    for (const c of [...split(get(row, 'citizenships')), ...split(get(row, 'nationalities'))]) {
      const code = countryCode(c);
      if (code) entry.countries.push(code);
    }
    for (const addr of split(get(row, 'addresses'))) {
      const country = countryInText(addr);
      if (!country) continue;
      entry.locations.push({ full: addr, country });
      entry.countries.push(country);
    }
    for (const id of split(get(row, 'ids'))) {
      // "1148904001971, Registration ID" or "Passport, 836238033, KP"
      const parts = id.split(',').map((p) => p.trim());
      const number = parts.find((p) => /\d/.test(p) && /^[A-Z0-9\-./ ]+$/i.test(p) && p.length >= 4);
      if (!number) continue;
      const label = parts.filter((p) => p !== number).join(' ');
      const type = /passport/i.test(label)
        ? 'passport'
        : /tax/i.test(label)
          ? 'tax_id'
          : /registration|company|gazette/i.test(label)
            ? 'business_number'
            : /imo/i.test(label)
              ? 'imo'
              : /national id|identification/i.test(label)
                ? 'personal_identification'
                : null;
      if (type) entry.documents.push({ type, number });
    }
    if (get(row, 'call_sign')) entry.identifiers.push(get(row, 'call_sign'));
    entry.countries = [...new Set(entry.countries)];
    out.push(entry);
  });
  return out;
}

/** The BIS Denied Persons List: tab-separated, quoted, header row; each row one denied party. */
export function parseBisDpl(text: string): WatchlistEntry[] {
  const [header, ...rows] = parseDelimited(text, '\t');
  if (!header) return [];
  const col = new Map(header.map((h, i) => [h.trim(), i]));
  const get = (row: string[], name: string) => row[col.get(name) ?? -1]?.trim() ?? '';
  const out: WatchlistEntry[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const name = get(row, 'Name');
    if (!name) continue;
    // The list has no ids: a name (and its repeat count) stands for the row.
    const key = name.toUpperCase();
    const nth = (seen.get(key) ?? 0) + 1;
    seen.set(key, nth);
    // Denied parties are people and firms alike; the file does not say which.
    const entry = blankEntry('US_DPL', nth === 1 ? key : `${key}#${nth}`, 'individual');
    entry.names.push({ full: name, primary: true, weak: false });
    entry.listedOn = parseListDate(get(row, 'Effective_Date'));
    const country = countryCode(get(row, 'Country'));
    const full = ['Street_Address', 'City', 'State', 'Postal_Code', 'Country']
      .map((c) => get(row, c))
      .filter(Boolean)
      .join(', ');
    if (country) {
      entry.locations.push({ full, country });
      entry.countries.push(country);
    }
    out.push(entry);
  }
  return out;
}
