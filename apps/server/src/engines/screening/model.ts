/**
 * What the screening engine works on: list entries as the parsers give them, whatever list they
 * came from, and the lists themselves as a loaded set with a version and a date.
 */

/** Plaid's codes for the lists an individual program can enable. */
export const INDIVIDUAL_LIST_CODES = [
  'AU_CON',
  'CA_CON',
  'EU_CON',
  'IZ_CIA',
  'IZ_IPL',
  'IZ_PEP',
  'IZ_UNC',
  'IZ_WBK',
  'UK_HMC',
  'US_DPL',
  'US_DTC',
  'US_FBI',
  'US_FSE',
  'US_ISN',
  'US_MBS',
  'US_PLC',
  'US_SAM',
  'US_SDN',
  'US_SSI',
  'SG_SOF',
  'TR_TWL',
  'TR_DFD',
  'TR_FOR',
  'TR_WMD',
  'TR_CMB',
] as const;
export type IndividualListCode = (typeof INDIVIDUAL_LIST_CODES)[number];

/** Plaid's codes for the lists an entity program can enable. */
export const ENTITY_LIST_CODES = [
  'CA_CON',
  'EU_CON',
  'IZ_SOE',
  'IZ_UNC',
  'IZ_WBK',
  'US_CAP',
  'US_FSE',
  'US_MBS',
  'US_SDN',
  'US_SSI',
  'US_CMC',
  'US_UVL',
  'US_SAM',
  'US_TEL',
  'AU_CON',
  'UK_HMC',
] as const;
export type EntityListCode = (typeof ENTITY_LIST_CODES)[number];

export type ListCode = IndividualListCode | EntityListCode;

/** What a list entry is; screenings of individuals see people, of entities everything else. */
export type EntryType = 'individual' | 'entity' | 'vessel' | 'aircraft';

/** One name of an entry; aliases the list calls weak (a "low quality" a.k.a.) are marked. */
export interface EntryName {
  full: string;
  primary: boolean;
  weak: boolean;
}

/** A gender as the lists record it. */
export type Gender = 'male' | 'female';

/** `Male`, `F`, `female` and the like as a `Gender`; anything else is no gender. */
export function parseGender(text: string | null | undefined): Gender | null {
  const t = text?.trim().toLowerCase();
  if (t === 'male' || t === 'm') return 'male';
  if (t === 'female' || t === 'f') return 'female';
  return null;
}

/** An identity document or registration number, typed in Plaid's document vocabulary. */
export interface EntryDocument {
  type: string;
  number: string;
}

export interface EntryLocation {
  full: string;
  country: string;
}

/** A list entry, whichever file it came from. Dates are YYYY, YYYY-MM or YYYY-MM-DD. */
export interface WatchlistEntry {
  /** Stable id within its source file set (e.g. the SDN ent_num), unique with `list`. */
  sourceUid: string;
  list: ListCode;
  type: EntryType;
  names: EntryName[];
  datesOfBirth: string[];
  /** Nationalities, citizenships and countries of address, ISO alpha-2. */
  countries: string[];
  documents: EntryDocument[];
  locations: EntryLocation[];
  emails: string[];
  phones: string[];
  urls: string[];
  /** Vessel call signs and IMO numbers, aircraft serials. */
  identifiers: string[];
  /** A person's gender as the list records it; absent when it does not (and on older stored entries). */
  gender?: Gender;
  programs: string[];
  /** When the list says the entry was listed (YYYY-MM-DD), if it says. */
  listedOn: string | null;
}

/** The source formats Weft reads, each a file set as the publisher ships it. */
export type ListSource = 'ofac_sdn' | 'ofac_consolidated' | 'un_consolidated' | 'bis_dpl' | 'us_csl';

/** One loaded list: its entries, with the version and date it carries (or that its content gives). */
export interface LoadedList {
  source: ListSource;
  /** A content hash, or the publisher's own version when the file states one. */
  version: string;
  /** The publication date (YYYY-MM-DD) the file states, or the newest date found in it. */
  publishedOn: string | null;
  entries: WatchlistEntry[];
}

/** An empty entry of a list, to fill in. */
export function blankEntry(list: ListCode, sourceUid: string, type: EntryType): WatchlistEntry {
  return {
    sourceUid,
    list,
    type,
    names: [],
    datesOfBirth: [],
    countries: [],
    documents: [],
    locations: [],
    emails: [],
    phones: [],
    urls: [],
    identifiers: [],
    programs: [],
    listedOn: null,
  };
}
