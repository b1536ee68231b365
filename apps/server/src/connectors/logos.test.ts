import { describe, expect, it } from 'vitest';
import { drawLogo, initialsOf } from './logos';

describe('institution logos', () => {
  it.each([
    ['First Platypus Bank', 'FP'],
    ['Tartan-Dominion Bank of Canada', 'TD'],
    ['Royal Bank of Plaid', 'RB'],
    ['Unhealthy Platypus Bank - Degraded', 'UP'],
    ['Windowpane Bank', 'WB'],
    ['the 4th & Main', '4M'],
  ])('shows %s as %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });

  it('draws the same bytes for the same institution and others for another colour', () => {
    expect(drawLogo('Tartan Bank', '#254a9a')).toBe(drawLogo('Tartan Bank', '#254a9a'));
    expect(drawLogo('Tartan Bank', '#254a9a')).not.toBe(drawLogo('Tartan Bank', '#254a9b'));
  });

  it('refuses a colour that is not #rrggbb', () => {
    expect(() => drawLogo('Tartan Bank', 'blue')).toThrow(/#rrggbb/);
  });
});
