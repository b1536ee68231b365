import { describe, expect, it } from 'vitest';
import { scorePhone } from './match';
import { parseEmail, parsePhone } from './normalize';
import { applyOverride, ownersFor, personaFor } from './persona';
import { PLAID_SANDBOX_OWNER } from './personas.data';

describe('personas', () => {
  it('is deterministic per seed and differs across seeds', () => {
    expect(personaFor('seed-a', 'US')).toEqual(personaFor('seed-a', 'US'));
    const names = new Set(
      ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => personaFor(`seed-${s}`, 'US').holder.names[0]),
    );
    expect(names.size).toBeGreaterThan(3);
  });

  it.each(['US', 'CA', 'GB', 'FR', 'DE', 'NL', 'IE', 'ES', 'JP'])(
    'produces usable contact data for %s',
    (country) => {
      const { holder, partner } = personaFor('seed-x', country);
      expect(holder.names[0]!.split(' ')).toHaveLength(3);
      expect(partner.names[0]!.split(' ').at(-1)).toBe(holder.names[0]!.split(' ').at(-1));
      expect(holder.emails.filter((e) => e.primary)).toHaveLength(1);
      for (const e of [...holder.emails, ...partner.emails]) expect(parseEmail(e.data)).not.toBeNull();
      expect(holder.phone_numbers.filter((p) => p.primary)).toHaveLength(1);
      for (const p of holder.phone_numbers) expect(parsePhone(p.data, country)).not.toBeNull();
      expect(holder.addresses[0]!.primary).toBe(true);
      expect(holder.addresses[0]!.data.street).toMatch(/^\d+ \w+ \w+$/);
      expect(partner.addresses[0]).toEqual(holder.addresses[0]);
    },
  );

  it('uses phone ranges reserved for fiction', () => {
    const us = personaFor('seed-y', 'US').holder.phone_numbers[0]!.data;
    expect(us).toMatch(/^\d{3}55501\d{2}$/);
    const gb = personaFor('seed-y', 'GB').holder.phone_numbers[0]!.data;
    expect(gb).toMatch(/^\+44 7700 9001\d{2}$/);
  });
});

describe('owners of an account', () => {
  const persona = personaFor('seed-z', 'US');

  it.each([
    ['depository', 'checking', 1],
    ['credit', 'credit card', 1],
    ['depository', 'savings', 2],
    ['depository', 'money market', 2],
    ['loan', 'mortgage', 2],
    ['loan', 'student', 1],
  ])('%s/%s has %i name(s) in one owner object', (type, subtype, names) => {
    const owners = ownersFor(persona, { type, subtype });
    expect(owners).toHaveLength(1);
    expect(owners[0]!.names).toHaveLength(names);
    expect(owners[0]!.names[0]).toBe(persona.holder.names[0]);
    expect(owners[0]!.phone_numbers.filter((p) => p.primary)).toHaveLength(1);
    expect(owners[0]!.emails.filter((e) => e.primary)).toHaveLength(1);
  });

  it("keeps the joint holder's phone reachable", () => {
    const joint = ownersFor(persona, { type: 'depository', subtype: 'savings' })[0]!;
    const partnerPhone = persona.partner.phone_numbers[0]!.data;
    expect(joint.phone_numbers.some((p) => scorePhone(partnerPhone, p.data).score === 100)).toBe(true);
  });
});

describe('custom identity overrides', () => {
  it('fills fields the override leaves out', () => {
    const o = applyOverride(PLAID_SANDBOX_OWNER, { names: ['Jane Doe'] });
    expect(o.names).toEqual(['Jane Doe']);
    expect(o.emails).toBe(PLAID_SANDBOX_OWNER.emails);
    expect(applyOverride(PLAID_SANDBOX_OWNER, { names: [] }).names).toEqual(PLAID_SANDBOX_OWNER.names);
    expect(applyOverride(PLAID_SANDBOX_OWNER, undefined)).toBe(PLAID_SANDBOX_OWNER);
  });
});
