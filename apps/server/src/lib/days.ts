/** Day number (days since 1970-01-01, UTC) of a YYYY-MM-DD date. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/**
 * The YYYY-MM-DD date of a day number. By arithmetic (the inverse of H. Hinnant's
 * days_from_civil) rather than through a Date, which costs several times as much: the
 * transactions generator and the store call this for every transaction of a history. Days outside
 * years 0-9999, and fractional days, go through a Date, whose output is the reference.
 */
export function dateOf(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (!Number.isInteger(day) || y < 0 || y > 9999)
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}
