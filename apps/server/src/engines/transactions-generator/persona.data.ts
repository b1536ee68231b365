/**
 * What sandbox people spend on and where, as data. Descriptors are written the way banks print
 * them; the enrichment engine, not this table, decides categories, so generated history also
 * exercises the engine.
 */

/** A city personas live in. */
export interface City {
  city: string;
  region: string;
  postal: string;
  lat: number;
  lon: number;
}

export const CITIES: readonly City[] = [
  { city: 'San Francisco', region: 'CA', postal: '94103', lat: 37.7749, lon: -122.4194 },
  { city: 'New York', region: 'NY', postal: '10011', lat: 40.7128, lon: -74.006 },
  { city: 'Austin', region: 'TX', postal: '78701', lat: 30.2672, lon: -97.7431 },
  { city: 'Chicago', region: 'IL', postal: '60607', lat: 41.8781, lon: -87.6298 },
  { city: 'Seattle', region: 'WA', postal: '98101', lat: 47.6062, lon: -122.3321 },
  { city: 'Denver', region: 'CO', postal: '80202', lat: 39.7392, lon: -104.9903 },
];

/** A place a persona buys from: descriptor variants (`{city}`/`{st}`/`{n}` filled in), amount range in cents. */
export interface Shop {
  desc: readonly string[];
  min: number;
  max: number;
  /** Card-not-present purchases carry no street location. */
  online?: boolean;
  address?: string;
}

/** Everyday spending kinds, with how often they happen per week and where. */
export interface SpendKind {
  kind: string;
  perWeek: number;
  shops: readonly Shop[];
  /** Fraction of the amount the posted transaction adds (a tip), when a kind adds one. */
  tip?: number;
  /** Card authorization holds a small amount first, then adjusts (fuel pumps). */
  holdFirst?: boolean;
  /** The merchant category code card networks report for such shops. */
  mcc: string;
}

export const SPEND_KINDS: readonly SpendKind[] = [
  {
    kind: 'coffee',
    mcc: '5814',
    perWeek: 3.5,
    shops: [
      {
        desc: ['SQ *BLUE BOTTLE COFF', 'SQ *BLUE BOTTLE COFFEE {city}'],
        min: 450,
        max: 1100,
        address: '66 Mint St',
      },
      {
        desc: ['STARBUCKS STORE {n}', 'STARBUCKS {n} {city} {st}'],
        min: 395,
        max: 1250,
        address: '201 Powell St',
      },
      { desc: ['PHILZ COFFEE {city}', 'TST* PHILZ COFFEE'], min: 500, max: 1000, address: '3101 24th St' },
      { desc: ["PEET'S {n} {city} {st}"], min: 380, max: 950 },
    ],
  },
  {
    kind: 'dining',
    mcc: '5812',
    perWeek: 2.5,
    tip: 0.2,
    shops: [
      { desc: ['TST* SOTTO MARE {city}', 'TST*SOTTO MARE'], min: 3500, max: 11000 },
      { desc: ['SQ *TARTINE BAKERY', 'TARTINE BAKERY {city} {st}'], min: 1200, max: 4200 },
      { desc: ['CHIPOTLE {n}', 'CHIPOTLE ONLINE'], min: 1100, max: 2600 },
      { desc: ['SWEETGREEN {city}'], min: 1300, max: 2200 },
      { desc: ['THE CHEESECAKE FACTORY {n}'], min: 4500, max: 12000 },
      { desc: ["MCDONALD'S F{n}"], min: 700, max: 1800 },
      { desc: ['DOORDASH*THAI SPICE', 'DD DOORDASH ROOSTER'], min: 2200, max: 5500, online: true },
      { desc: ['UBER EATS PENDING', 'UBER *EATS HELP.UBER.COM'], min: 1800, max: 4800, online: true },
    ],
  },
  {
    kind: 'groceries',
    mcc: '5411',
    perWeek: 1.6,
    shops: [
      { desc: ['WHOLEFDS {st} {n}', 'WHOLE FOODS MARKET {n}'], min: 3500, max: 18000 },
      { desc: ["TRADER JOE'S #{n}", 'TRADER JOES #{n} {city} {st}'], min: 2500, max: 12000 },
      { desc: ['SAFEWAY #{n}', 'SAFEWAY STORE {n}'], min: 1800, max: 14000 },
      { desc: ['INSTACART*SAFEWAY'], min: 4000, max: 16000, online: true },
    ],
  },
  {
    kind: 'shopping',
    mcc: '5311',
    perWeek: 1.2,
    shops: [
      {
        desc: ['AMAZON MKTPL*2K4L91PQ3', 'AMZN Mktp US*RT4GH2', 'Amazon.com*MH3K20'],
        min: 899,
        max: 14999,
        online: true,
      },
      { desc: ['TARGET 000{n}', 'TARGET T-{n} {city} {st}'], min: 1500, max: 12000 },
      { desc: ['BEST BUY 00{n}'], min: 2500, max: 45000 },
      { desc: ['UNIQLO {city}'], min: 2000, max: 9000 },
      { desc: ['WALGREENS #{n}', 'CVS/PHARMACY #{n}'], min: 600, max: 4500 },
      { desc: ['THE HOME DEPOT #{n}'], min: 1500, max: 22000 },
      { desc: ['ETSY.COM - SHOP'], min: 1200, max: 6000, online: true },
    ],
  },
  {
    kind: 'gas',
    mcc: '5541',
    perWeek: 0.9,
    holdFirst: true,
    shops: [
      { desc: ['SHELL OIL 5744{n}', 'SHELL SERVICE STATION'], min: 3000, max: 7500 },
      { desc: ['CHEVRON 020{n}'], min: 3000, max: 7800 },
      { desc: ['ARCO #{n}'], min: 2800, max: 6500 },
    ],
  },
  {
    kind: 'rides',
    mcc: '4121',
    perWeek: 0.8,
    shops: [
      { desc: ['UBER *TRIP HELP.UBER.COM', 'UBER   *TRIP'], min: 900, max: 4200, online: true },
      { desc: ['LYFT   *RIDE THU 8PM', 'LYFT *RIDE'], min: 800, max: 3600, online: true },
      { desc: ['CLIPPER SERVICE'], min: 2000, max: 5000, online: true },
    ],
  },
  {
    kind: 'fun',
    mcc: '7999',
    perWeek: 0.4,
    shops: [
      { desc: ['AMC {n} ONLINE'], min: 1500, max: 4500, online: true },
      { desc: ['TICKETMASTER'], min: 4500, max: 22000, online: true },
      { desc: ['STEAMGAMES.COM 4259522'], min: 999, max: 5999, online: true },
      { desc: ['GREAT CLIPS #{n}'], min: 2200, max: 4500 },
    ],
  },
];

/** Subscriptions: billed monthly on a fixed day, to the credit card when there is one. */
export interface Subscription {
  key: string;
  desc: string;
  amount: number;
}

export const SUBSCRIPTIONS: readonly Subscription[] = [
  { key: 'netflix', desc: 'NETFLIX.COM', amount: 1549 },
  { key: 'spotify', desc: 'SPOTIFY USA', amount: 1199 },
  { key: 'hulu', desc: 'HULU 877-8244858', amount: 1799 },
  { key: 'icloud', desc: 'APPLE.COM/BILL', amount: 299 },
  { key: 'nytimes', desc: 'NYTIMES*NYTDIGITAL', amount: 1700 },
  { key: 'gym', desc: 'PLANET FITNESS #1102', amount: 2499 },
  { key: 'disney', desc: 'DISNEY PLUS', amount: 1399 },
  { key: 'github', desc: 'GITHUB, INC.', amount: 400 },
];

/** Employers: descriptors of payroll deposits as banks print them. */
export const EMPLOYERS: readonly { name: string; desc: string }[] = [
  { name: 'Acme Robotics', desc: 'ACME ROBOTICS INC PAYROLL PPD ID: 9111111101' },
  { name: 'Gusto', desc: 'GUSTO PAY 123456 DIRECT DEP' },
  { name: 'Platypus Labs', desc: 'PLATYPUS LABS DIR DEP PAYROLL' },
  { name: 'Initech', desc: 'INITECH CORP ACH CREDIT PAYROLL' },
];

/** Monthly utility bills: descriptor, amount range (cents), day of month. */
export const UTILITIES: readonly { key: string; desc: string; min: number; max: number; day: number }[] = [
  { key: 'electric', desc: 'PGANDE WEB ONLINE PAYMENT', min: 6500, max: 19000, day: 12 },
  { key: 'internet', desc: 'COMCAST XFINITY 8008XFINITY', min: 7999, max: 8999, day: 18 },
  { key: 'phone', desc: 'VERIZON WIRELESS PAYMENTS', min: 7500, max: 9500, day: 22 },
  { key: 'water', desc: 'CITY WATER UTILITY WEB PMT', min: 3000, max: 7000, day: 27 },
];

/** Landlords (rent is paid on the 1st). */
export const LANDLORDS: readonly string[] = [
  'AVALON BAY APTS RENT WEB PMT',
  'ZELLE PAYMENT TO GREYSTAR RENT',
  'RENT PAYMENT ESSEX PROPERTY MGMT',
];

/** Trips: a flight then a hotel stay a few weeks later. */
export const TRIPS: readonly { flight: string; hotel: string; city: City }[] = [
  {
    flight: 'UNITED AIRLINES 0162349871234',
    hotel: 'MARRIOTT HOTEL CHICAGO',
    city: { city: 'Chicago', region: 'IL', postal: '60611', lat: 41.8902, lon: -87.6241 },
  },
  {
    flight: 'DELTA AIR LINES 006234',
    hotel: 'HILTON HOTELS NEW YORK',
    city: { city: 'New York', region: 'NY', postal: '10019', lat: 40.7614, lon: -73.9776 },
  },
  {
    flight: 'SOUTHWEST AIRLINES 52612',
    hotel: 'AIRBNB * HMQ3J4D2',
    city: { city: 'Austin', region: 'TX', postal: '78701', lat: 30.2672, lon: -97.7431 },
  },
];
