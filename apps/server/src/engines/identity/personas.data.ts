/**
 * Data for sandbox personas: Plaid's documented `user_good` identity, and name/place tables that
 * generated personas draw from. Places are real city/region/postal-code combinations so address
 * matching behaves as it would on real data.
 */

/** One owner as the institution reports it (Plaid's Owner shape). */
export interface OwnerData {
  names: string[];
  phone_numbers: {
    data: string;
    primary: boolean;
    type: 'home' | 'work' | 'office' | 'mobile' | 'mobile1' | 'other';
  }[];
  emails: { data: string; primary: boolean; type: 'primary' | 'secondary' | 'other' }[];
  addresses: {
    data: {
      city: string | null;
      region: string | null;
      street: string;
      postal_code: string | null;
      country: string | null;
    };
    primary: boolean;
  }[];
}

/** Plaid's sandbox identity for its familiar test users (as /identity/get returns it in Sandbox). */
export const PLAID_SANDBOX_OWNER: OwnerData = {
  names: ['Alberta Bobbeth Charleson'],
  phone_numbers: [
    { data: '1112223333', primary: false, type: 'home' },
    { data: '1112224444', primary: false, type: 'work' },
    { data: '1112225555', primary: false, type: 'mobile' },
  ],
  emails: [
    { data: 'accountholder0@example.com', primary: true, type: 'primary' },
    { data: 'accountholder1@example.com', primary: false, type: 'secondary' },
    {
      data: 'extraordinarily.long.email.username.123456@reallylonghostname.com',
      primary: false,
      type: 'other',
    },
  ],
  addresses: [
    {
      data: {
        city: 'Malakoff',
        region: 'NY',
        street: '2992 Cameron Road',
        postal_code: '14236',
        country: 'US',
      },
      primary: true,
    },
    {
      data: {
        city: 'San Matias',
        region: 'CA',
        street: '2493 Leisure Lane',
        postal_code: '93405-2255',
        country: 'US',
      },
      primary: false,
    },
  ],
};

/** Given names of generated account holders and their partners. */
export const FIRST_NAMES = [
  'Alexander',
  'Amelia',
  'Benjamin',
  'Catherine',
  'Christopher',
  'Daniel',
  'Deborah',
  'Elizabeth',
  'Gabriel',
  'Isabella',
  'James',
  'Jennifer',
  'Jonathan',
  'Katherine',
  'Margaret',
  'Matthew',
  'Michael',
  'Nicholas',
  'Olivia',
  'Patricia',
  'Rebecca',
  'Robert',
  'Samantha',
  'Thomas',
  'Victoria',
  'William',
] as const;

/** Middle names of generated account holders. */
export const MIDDLE_NAMES = [
  'Anne',
  'Grace',
  'James',
  'Lee',
  'Marie',
  'Ray',
  'Rose',
  'Jean',
  'Lynn',
  'Paul',
] as const;

/** Family names, with an apostrophe and a hyphen among them so matching meets punctuation. */
export const LAST_NAMES = [
  'Abernathy',
  'Blackwood',
  'Castellano',
  'Delacroix',
  'Everett',
  'Fairbanks',
  'Gallagher',
  'Hawthorne',
  'Ishikawa',
  'Jablonski',
  'Kowalczyk',
  'Lindqvist',
  "O'Connell",
  'Montgomery',
  'Nakamura',
  'Okonkwo',
  'Pemberton',
  'Quintero',
  'Rasmussen',
  'Santiago',
  'Thornbury',
  'Underwood',
  'Vasquez-Reyes',
  'Whitfield',
] as const;

/** Street names for generated addresses. */
export const STREET_NAMES = [
  'Maple',
  'Oak',
  'Cedar',
  'Elm',
  'Washington',
  'Lincoln',
  'Highland',
  'Park',
  'Lake',
  'Hillcrest',
  'Sunset',
  'Meadow',
  'River',
  'Church',
  'Mill',
  'Station',
] as const;

/** Street kinds per country, in the long form institutions usually print. */
export const STREET_KINDS: Readonly<Record<string, readonly string[]>> = {
  US: ['Street', 'Avenue', 'Road', 'Boulevard', 'Drive', 'Lane', 'Court', 'Place'],
  CA: ['Street', 'Avenue', 'Road', 'Drive', 'Crescent', 'Boulevard'],
  GB: ['Road', 'Street', 'Lane', 'Close', 'Avenue', 'Gardens'],
  default: ['Street', 'Road', 'Avenue'],
};

/** Real places (city, region, postal code) per country. */
export const PLACES: Readonly<
  Record<string, readonly { city: string; region: string | null; postal: string; area?: string }[]>
> = {
  US: [
    { city: 'Portland', region: 'OR', postal: '97205', area: '503' },
    { city: 'Austin', region: 'TX', postal: '78701', area: '512' },
    { city: 'Madison', region: 'WI', postal: '53703', area: '608' },
    { city: 'Raleigh', region: 'NC', postal: '27601', area: '919' },
    { city: 'Boulder', region: 'CO', postal: '80302', area: '303' },
    { city: 'Savannah', region: 'GA', postal: '31401', area: '912' },
    { city: 'Burlington', region: 'VT', postal: '05401', area: '802' },
    { city: 'Santa Fe', region: 'NM', postal: '87501', area: '505' },
    { city: 'Ann Arbor', region: 'MI', postal: '48104', area: '734' },
    { city: 'Providence', region: 'RI', postal: '02903', area: '401' },
  ],
  CA: [
    { city: 'Toronto', region: 'ON', postal: 'M5V 2T6', area: '416' },
    { city: 'Vancouver', region: 'BC', postal: 'V6B 1A1', area: '604' },
    { city: 'Montreal', region: 'QC', postal: 'H2Y 1C6', area: '514' },
    { city: 'Calgary', region: 'AB', postal: 'T2P 1J9', area: '403' },
    { city: 'Halifax', region: 'NS', postal: 'B3J 1S9', area: '902' },
  ],
  GB: [
    { city: 'London', region: null, postal: 'SW1A 1AA' },
    { city: 'Manchester', region: null, postal: 'M1 1AE' },
    { city: 'Edinburgh', region: null, postal: 'EH1 1YZ' },
    { city: 'Bristol', region: null, postal: 'BS1 4DJ' },
    { city: 'Leeds', region: null, postal: 'LS1 4DY' },
  ],
  FR: [
    { city: 'Paris', region: null, postal: '75004' },
    { city: 'Lyon', region: null, postal: '69002' },
  ],
  DE: [
    { city: 'Berlin', region: null, postal: '10115' },
    { city: 'Hamburg', region: null, postal: '20095' },
  ],
  ES: [{ city: 'Madrid', region: null, postal: '28013' }],
  NL: [{ city: 'Amsterdam', region: null, postal: '1012 JS' }],
  IE: [{ city: 'Dublin', region: null, postal: 'D02 X285' }],
};

/** Country calling codes and the national-number length used for generated phone numbers. */
export const PHONE_PLANS: Readonly<Record<string, { code: string; length: number; mobilePrefix: string }>> = {
  US: { code: '1', length: 10, mobilePrefix: '' },
  CA: { code: '1', length: 10, mobilePrefix: '' },
  GB: { code: '44', length: 10, mobilePrefix: '7' },
  FR: { code: '33', length: 9, mobilePrefix: '6' },
  DE: { code: '49', length: 11, mobilePrefix: '15' },
  ES: { code: '34', length: 9, mobilePrefix: '6' },
  NL: { code: '31', length: 9, mobilePrefix: '6' },
  IE: { code: '353', length: 9, mobilePrefix: '8' },
};

/** Domains for generated emails (reserved example domains, never real mailboxes). */
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
