import { createHash } from 'node:crypto';
import {
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  MIDDLE_NAMES,
  type OwnerData,
  PHONE_PLANS,
  PLACES,
  STREET_KINDS,
  STREET_NAMES,
} from './personas.data';

/**
 * Sandbox personas: the people who own an Item's accounts. A persona is derived from the Item's
 * seed, so every account of an Item, and every call, shows the same person; some accounts are
 * held jointly with a partner who shares the household address.
 */

/** The account holder and, for joint accounts, their partner. */
export interface Persona {
  holder: OwnerData;
  partner: OwnerData;
}

/** The account facts that decide who owns it. */
export interface AccountRef {
  type: string;
  subtype: string | null;
}

/** Account subtypes a household typically holds jointly. */
const JOINT_SUBTYPES = new Set(['savings', 'money market', 'mortgage', 'home equity']);

/** Builds the persona of an Item from its seed; `country` localises addresses and phones. */
export function personaFor(seed: string, country: string): Persona {
  const r = new Picker(seed);
  const place = r.pick(PLACES[country] ?? PLACES.US!);
  const kinds = STREET_KINDS[country] ?? STREET_KINDS.default!;
  const street = `${1 + r.int(9899)} ${r.pick(STREET_NAMES)} ${r.pick(kinds)}`;
  const previous = r.pick(PLACES[country] ?? PLACES.US!);
  const previousStreet = `${1 + r.int(9899)} ${r.pick(STREET_NAMES)} ${r.pick(kinds)}`;
  const last = r.pick(LAST_NAMES);
  const first = r.pick(FIRST_NAMES);
  const partnerFirst = r.pick(FIRST_NAMES.filter((n) => n !== first));
  const middle = r.pick(MIDDLE_NAMES);
  const domain = r.pick(EMAIL_DOMAINS);
  const home = {
    data: { street, city: place.city, region: place.region, postal_code: place.postal, country },
    primary: true,
  };
  const moved = r.int(2) === 0;
  const phones = (tag: number) => [
    { data: phoneNumber(country, place.area, r.int(100)), primary: true, type: 'mobile' as const },
    ...(tag === 0
      ? [{ data: phoneNumber(country, place.area, r.int(100)), primary: false, type: 'home' as const }]
      : []),
  ];
  const holder: OwnerData = {
    names: [`${first} ${middle} ${last}`],
    phone_numbers: phones(0),
    emails: [
      { data: `${emailLocal(first)}.${emailLocal(last)}@${domain}`, primary: true, type: 'primary' },
      {
        data: `${emailLocal(first)[0]}${emailLocal(last)}${r.int(90) + 10}@${domain}`,
        primary: false,
        type: 'secondary',
      },
    ],
    addresses: moved
      ? [
          home,
          {
            data: {
              street: previousStreet,
              city: previous.city,
              region: previous.region,
              postal_code: previous.postal,
              country,
            },
            primary: false,
          },
        ]
      : [home],
  };
  const partner: OwnerData = {
    names: [`${partnerFirst} ${last}`],
    phone_numbers: phones(1),
    emails: [
      { data: `${emailLocal(partnerFirst)}.${emailLocal(last)}@${domain}`, primary: true, type: 'primary' },
    ],
    addresses: [home],
  };
  return { holder, partner };
}

/**
 * The owners of one account. Plaid reports joint holders inside one owner object (names of both,
 * contact details of both), so a joint account has one owner with two names.
 */
export function ownersFor(persona: Persona, account: AccountRef): OwnerData[] {
  if (!account.subtype || !JOINT_SUBTYPES.has(account.subtype)) return [persona.holder];
  const { holder, partner } = persona;
  return [
    {
      names: [...holder.names, ...partner.names],
      phone_numbers: [
        ...holder.phone_numbers,
        ...partner.phone_numbers.map((p) => ({ ...p, primary: false })),
      ],
      emails: [
        ...holder.emails,
        ...partner.emails.map((e) => ({ ...e, primary: false, type: 'other' as const })),
      ],
      addresses: holder.addresses,
    },
  ];
}

/**
 * Fills a custom sandbox user's identity override with persona defaults for the fields it leaves
 * out, as Plaid's sandbox does.
 */
export function applyOverride(base: OwnerData, override: Partial<OwnerData> | undefined): OwnerData {
  if (!override) return base;
  return {
    names: override.names?.length ? override.names : base.names,
    phone_numbers: override.phone_numbers ?? base.phone_numbers,
    emails: override.emails ?? base.emails,
    addresses: override.addresses ?? base.addresses,
  };
}

/**
 * A phone number reserved for fiction where the plan has such a range (US/CA 555-01xx, UK
 * 07700 900xxx), written the way banks store it: national digits without punctuation.
 */
function phoneNumber(country: string, area: string | undefined, n: number): string {
  const plan = PHONE_PLANS[country] ?? PHONE_PLANS.US!;
  const tail = String(n).padStart(2, '0');
  if (plan.code === '1') return `${area ?? '212'}55501${tail}`;
  if (country === 'GB') return `+44 7700 9001${tail}`;
  const fill = '0'.repeat(Math.max(0, plan.length - plan.mobilePrefix.length - 6));
  return `+${plan.code}${plan.mobilePrefix}${fill}1234${tail}`;
}

function emailLocal(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** Deterministic choices from a seed. */
class Picker {
  private counter = 0;

  constructor(private readonly seed: string) {}

  /** An integer in [0, n). */
  int(n: number): number {
    const h = createHash('sha256')
      .update(`${this.seed}\u0000persona\u0000${this.counter++}`)
      .digest();
    return h.readUInt32BE(0) % n;
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

const PHONE_TYPES = new Set(['home', 'work', 'office', 'mobile', 'mobile1', 'other']);
const EMAIL_TYPES = new Set(['primary', 'secondary', 'other']);

/**
 * Reads a custom sandbox user's `identity` override (Plaid's OwnerOverride) leniently: entries
 * without data are dropped, missing `primary` is false and unknown types become "other".
 */
export function parseOwnerOverride(raw: unknown): Partial<OwnerData> | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as Record<string, unknown>;
  const list = (v: unknown): Record<string, unknown>[] =>
    Array.isArray(v)
      ? v.filter((x): x is Record<string, unknown> => Boolean(x) && typeof x === 'object')
      : [];
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const out: Partial<OwnerData> = {};
  if (Array.isArray(o.names))
    out.names = o.names.filter((n): n is string => typeof n === 'string' && n !== '');
  if (Array.isArray(o.phone_numbers))
    out.phone_numbers = list(o.phone_numbers)
      .filter((p) => typeof p.data === 'string')
      .map((p) => ({
        data: p.data as string,
        primary: p.primary === true,
        type: (PHONE_TYPES.has(String(p.type))
          ? p.type
          : 'other') as OwnerData['phone_numbers'][number]['type'],
      }));
  if (Array.isArray(o.emails))
    out.emails = list(o.emails)
      .filter((e) => typeof e.data === 'string')
      .map((e) => ({
        data: e.data as string,
        primary: e.primary === true,
        type: (EMAIL_TYPES.has(String(e.type)) ? e.type : 'other') as OwnerData['emails'][number]['type'],
      }));
  if (Array.isArray(o.addresses))
    out.addresses = list(o.addresses)
      .map((a) => ({
        data: (a.data && typeof a.data === 'object' ? a.data : {}) as Record<string, unknown>,
        primary: a.primary === true,
      }))
      .filter((a) => typeof a.data.street === 'string')
      .map((a) => ({
        data: {
          street: a.data.street as string,
          city: str(a.data.city),
          region: str(a.data.region),
          postal_code: str(a.data.postal_code),
          country: str(a.data.country),
        },
        primary: a.primary,
      }));
  return out;
}
