import { countryCode, countryInText } from '../countries';
import { blankEntry, type EntryDocument, type ListCode, parseGender, type WatchlistEntry } from '../model';
import { parseDelimited } from './csv';

/**
 * OFAC's legacy CSV files (the SDN list as sdn.csv, add.csv, alt.csv, sdn_comments.csv; the
 * consolidated non-SDN list as cons_prim.csv, cons_add.csv, cons_alt.csv, cons_comments.csv):
 * no header, `-0-` for an empty field, and birth dates, documents and contacts inside the remarks.
 */
export interface OfacFiles {
  primary: string;
  addresses?: string;
  alternates?: string;
  comments?: string;
}

const MONTHS: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** "28 Jul 1963", "Jul 1963", "1963", "circa 1960" as YYYY-MM-DD, YYYY-MM or YYYY. */
export function parseListDate(text: string): string | null {
  const t = text.trim();
  let m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})/.exec(t);
  if (m && MONTHS[m[2]!.toLowerCase()])
    return `${m[3]}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
  m = /^([A-Za-z]{3})[a-z]* (\d{4})/.exec(t);
  if (m && MONTHS[m[1]!.toLowerCase()]) return `${m[2]}-${MONTHS[m[1]!.toLowerCase()]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(t);
  if (m) return `${m[3]}-${m[1]}-${m[2]}`;
  m = /(?:^|circa |approximately |\b)(\d{4})\b/.exec(t);
  return m ? m[1]! : null;
}

const empty = (v: string | undefined) => (v === undefined || v.trim() === '-0-' ? '' : v.trim());

/** Remark labels naming a document, and the document type Plaid calls it. */
const DOCUMENT_LABELS: [RegExp, string][] = [
  [/^passport$/i, 'passport'],
  [
    /^(national id no\.?|identification number|cedula no\.?|d\.n\.i\.|c\.u\.r\.p\.|personal id card)$/i,
    'personal_identification',
  ],
  [/^(ssn)$/i, 'ssn'],
  [/^(tax id no\.?|r\.f\.c\.|v\.a\.t\. number|nit #|ruc #|inn)$/i, 'tax_id'],
  [/^driver'?s license no\.?$/i, 'drivers_license'],
  [/^(electoral registry no\.?)$/i, 'voter_id'],
  [
    /^(registration number|registration id|company number|business registration number|commercial registry number|legal entity number|government gazette number|trade license no\.?|business number)$/i,
    'business_number',
  ],
  [/^(vessel registration identification|identification number|company number)? ?imo$/i, 'imo'],
  [/^swift\/bic$/i, 'swift'],
];

/** Reads the `;`-separated remarks into the entry: dates, documents, contacts, nationality, gender. */
function readRemarks(entry: WatchlistEntry, remarks: string): void {
  for (const raw of remarks.split(';')) {
    const part = raw
      .trim()
      .replace(/^alt\.\s+/i, '')
      .replace(/\.$/, '');
    let m = /^(DOB|Organization Established Date)\s+(.+)$/i.exec(part);
    if (m) {
      const d = parseListDate(m[2]!);
      if (d) entry.datesOfBirth.push(d);
      continue;
    }
    m = /^[afn]\.k\.a\.,?\s+'(.+)'$/i.exec(part);
    if (m) {
      entry.names.push({ full: m[1]!, primary: false, weak: false });
      continue;
    }
    m = /^(nationality|citizen)\s+(.+)$/i.exec(part);
    if (m) {
      const c = countryCode(m[2]);
      if (c) entry.countries.push(c);
      continue;
    }
    m = /^Gender\s+(\S+)$/i.exec(part);
    if (m) {
      const g = parseGender(m[1]);
      if (g) entry.gender = g;
      continue;
    }
    m = /^Email Address\s+(\S+)/i.exec(part);
    if (m) {
      entry.emails.push(m[1]!.toLowerCase());
      continue;
    }
    m = /^Website\s+(\S+)/i.exec(part);
    if (m) {
      entry.urls.push(m[1]!.toLowerCase());
      continue;
    }
    m = /^(Telephone(?: No\.| Number)?|Phone(?: Number)?|Fax(?: No\.)?)\s*:?\s+(.+)$/i.exec(part);
    if (m) {
      entry.phones.push(m[2]!.replace(/\D/g, ''));
      continue;
    }
    m =
      /^(Digital Currency Address - \w+|MMSI|Aircraft Manufacturer's Serial Number \(MSN\)|Aircraft Tail Number)\s+(\S+)/i.exec(
        part,
      );
    if (m) {
      entry.identifiers.push(m[2]!);
      continue;
    }
    m = /^(.+?)\s+([A-Z0-9][A-Z0-9\-./]*\d[A-Z0-9\-./]*)(?:\s+\(([^)]+)\))?/i.exec(part);
    if (m) {
      const type = DOCUMENT_LABELS.find(([re]) => re.test(m![1]!.trim()))?.[1];
      if (!type) continue;
      const doc: EntryDocument = { type, number: m[2]! };
      entry.documents.push(doc);
      if (type === 'imo') entry.identifiers.push(m[2]!);
      const c = countryCode(m[3]);
      if (c && type !== 'passport') entry.countries.push(c);
    }
  }
}

const TYPES: Record<string, WatchlistEntry['type']> = {
  individual: 'individual',
  vessel: 'vessel',
  aircraft: 'aircraft',
};

/** The list an OFAC consolidated (non-SDN) entry belongs to, from its programs. */
export function consolidatedListCode(programs: string): ListCode {
  if (/CMIC/.test(programs)) return 'US_CMC';
  if (/NS-PLC/.test(programs)) return 'US_PLC';
  if (/MBS/.test(programs)) return 'US_MBS';
  if (/FSE/.test(programs)) return 'US_FSE';
  if (/CAPTA|561-Related/.test(programs)) return 'US_CAP';
  return 'US_SSI';
}

/** Parses an OFAC file set; `list` is US_SDN for the SDN files, null to choose by program (consolidated). */
export function parseOfac(files: OfacFiles, list: ListCode | null): WatchlistEntry[] {
  const comments = new Map<string, string>();
  for (const row of parseDelimited(files.comments ?? '')) comments.set(row[0]!.trim(), empty(row[1]));
  const byId = new Map<string, WatchlistEntry>();
  for (const row of parseDelimited(files.primary)) {
    const [id, name, type, programs, , callSign, , , , vesselFlag, , remarks] = row;
    const ent = id?.trim();
    if (!ent || !/^\d+$/.test(ent) || !empty(name)) continue;
    const programList = empty(programs)
      .split(/\]\s*\[/)
      .map((p) => p.replace(/[[\]]/g, '').trim())
      .filter(Boolean);
    const entry = blankEntry(
      list ?? consolidatedListCode(programList.join(' ')),
      ent,
      TYPES[empty(type).toLowerCase()] ?? 'entity',
    );
    entry.programs = programList;
    entry.names.push({ full: empty(name), primary: true, weak: false });
    if (empty(callSign)) entry.identifiers.push(empty(callSign));
    const flag = countryCode(empty(vesselFlag));
    if (flag) entry.countries.push(flag);
    readRemarks(entry, `${empty(remarks)};${comments.get(ent) ?? ''}`);
    byId.set(ent, entry);
  }
  for (const row of parseDelimited(files.alternates ?? '')) {
    const entry = byId.get(row[0]?.trim() ?? '');
    const name = empty(row[3]);
    if (entry && name) entry.names.push({ full: name, primary: false, weak: /weak/i.test(empty(row[4])) });
  }
  for (const row of parseDelimited(files.addresses ?? '')) {
    const entry = byId.get(row[0]?.trim() ?? '');
    if (!entry) continue;
    const parts = [empty(row[2]), empty(row[3]), empty(row[4])].filter(Boolean);
    const country = countryCode(empty(row[4])) ?? countryInText(parts.join(', '));
    if (!country) continue;
    entry.locations.push({ full: parts.join(', '), country });
    entry.countries.push(country);
  }
  for (const e of byId.values()) {
    e.countries = [...new Set(e.countries)];
    e.datesOfBirth = [...new Set(e.datesOfBirth)];
  }
  return [...byId.values()];
}
