import { type IsoInstant } from './domain-event';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `instant` plus whole calendar days (UTC, so always 24 h: no daylight-saving shifts). */
export function addDays(instant: IsoInstant, days: number): IsoInstant {
  return new Date(Date.parse(instant) + days * DAY_MS).toISOString();
}

/** `instant` plus whole years (UTC calendar; 29 February plus one year is 1 March). */
export function addYears(instant: IsoInstant, years: number): IsoInstant {
  const date = new Date(instant);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.toISOString();
}

/** Compares two instants by time, whatever their ISO-8601 spelling. */
export function compareInstants(a: IsoInstant, b: IsoInstant): number {
  return Date.parse(a) - Date.parse(b);
}

export function laterOf(a: IsoInstant | null, b: IsoInstant | null): IsoInstant | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareInstants(a, b) >= 0 ? a : b;
}

export function earlierOf(a: IsoInstant | null, b: IsoInstant | null): IsoInstant | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareInstants(a, b) <= 0 ? a : b;
}
