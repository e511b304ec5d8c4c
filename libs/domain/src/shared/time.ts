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
  // Two UTC millisecond texts (what the domain itself writes) compare as text: fixed widths, most significant
  // first. Saves two Date.parse calls per access record folded into a state.
  if (isUtcMillisecondText(a) && isUtcMillisecondText(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` with a four-digit year, the form toISOString writes for years 0-9999. */
function isUtcMillisecondText(text: string): boolean {
  return (
    text.length === 24 &&
    text.charCodeAt(23) === 90 && // Z
    text.charCodeAt(4) === 45 && // -
    text.charCodeAt(10) === 84 && // T
    text.charCodeAt(19) === 46 // .
  );
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The time in ms of `text` when it is exactly a real instant in the form toISOString writes
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`) with a year from 1970 to 9999; otherwise undefined (which says nothing about
 * other spellings: callers then parse the general way). Read character by character because bulk access
 * records check an instant per record, and this is several times cheaper than a regular expression,
 * Date.parse and toISOString together.
 */
export function utcMillisecondTime(text: unknown): number | undefined {
  if (typeof text !== 'string' || text.length !== 24) return undefined;
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 || // .
    text.charCodeAt(23) !== 90 // Z
  ) {
    return undefined;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const ms = digits(text, 20, 3);
  // a non-digit anywhere gives -1, which every check below refuses
  if (year < 1970 || month < 1 || month > 12 || day < 1 || ms < 0) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/** The decimal number in text[start, start + count), or -1 when a character there is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}
