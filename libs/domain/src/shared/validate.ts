import { isIP } from 'node:net';
import { type IsoDate, type IsoInstant } from './domain-event';
import { ValidationError } from './errors';
import { assertValidId } from './ids';
import { utcMillisecondTime } from './time';

// Checks a DTO cannot make (or that callers other than the API might skip): every decider validates its
// command with these before looking at state, so the same refusal comes from every entry point.

/** How far in the future a reported fact may lie: tolerates clock skew between provider and ledger. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** Instants before this are absurd for an IaaS account record (and usually a zero or unit mistake). */
export const EARLIEST_INSTANT = '1970-01-01T00:00:00.000Z';
/** Dates of birth before this are taken for typing errors. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function invalid(code: string, field: string, message: string): never {
  throw new ValidationError(code, `${field}: ${message}`, { field });
}

const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** ISO-8601 instant with an explicit offset, returned in UTC millisecond form. */
export function instant(value: unknown, field: string): IsoInstant {
  return parseInstant(value, field).iso;
}

/**
 * `instant` with its time in ms as well. Bulk access records check an instant per record, so the common
 * spelling (already UTC milliseconds, as toISOString writes it, from 1970) is read by utcMillisecondTime.
 */
function parseInstant(value: unknown, field: string): { iso: IsoInstant; ms: number } {
  const utcMs = utcMillisecondTime(value);
  if (utcMs !== undefined) return { iso: value as IsoInstant, ms: utcMs };
  if (typeof value !== 'string' || !ISO_INSTANT.test(value)) {
    invalid('invalid-instant', field, 'must be an ISO-8601 date-time with Z or an offset');
  }
  const ms = Date.parse(value);
  // Date.parse rolls 2026-02-30 over to March; the calendar date must survive the round trip.
  if (Number.isNaN(ms) || !sameCalendarDate(value, ms)) invalid('invalid-instant', field, 'is not a real date-time');
  if (ms < EARLIEST_MS || ms > LATEST_MS) {
    invalid('invalid-instant', field, `must lie between ${EARLIEST_INSTANT} and year 9999`);
  }
  return { iso: new Date(ms).toISOString(), ms };
}

function sameCalendarDate(text: string, ms: number): boolean {
  const offsetMatch = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const offsetMs = offsetMatch
    ? (offsetMatch[1] === '-' ? -1 : 1) * (Number(offsetMatch[2]) * 60 + Number(offsetMatch[3])) * 60_000
    : 0;
  return new Date(ms + offsetMs).toISOString().slice(0, 10) === text.slice(0, 10);
}

/** An instant at which something happened: not after `now` beyond the tolerated clock skew. */
export function pastInstant(value: unknown, field: string, now: Date): IsoInstant {
  const { iso, ms } = parseInstant(value, field);
  if (ms > now.getTime() + MAX_CLOCK_SKEW_MS) {
    invalid('instant-in-future', field, 'lies in the future');
  }
  return iso;
}

/** `occurredAt` of a command, defaulting to now. */
export function occurredAt(value: unknown, now: Date): IsoInstant {
  return value === undefined ? now.toISOString() : pastInstant(value, 'occurredAt', now);
}

/** A calendar date YYYY-MM-DD between 1900-01-01 and today. */
export function birthDate(value: unknown, field: string, now: Date): IsoDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    invalid('invalid-date', field, 'must be a calendar date YYYY-MM-DD');
  }
  const ms = Date.parse(`${value}T00:00:00.000Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
    invalid('invalid-date', field, 'is not a real calendar date');
  }
  if (value < EARLIEST_BIRTH_DATE || ms > now.getTime()) {
    invalid('invalid-date', field, `must lie between ${EARLIEST_BIRTH_DATE} and today`);
  }
  return value;
}

export function text(value: unknown, field: string, maxLength = 1000): string {
  if (typeof value !== 'string' || value.trim() === '') invalid('required', field, 'must be a non-empty text');
  if (value.length > maxLength) invalid('too-long', field, `must be at most ${maxLength} characters`);
  return value;
}

export function optionalText(value: unknown, field: string, maxLength = 1000): string | undefined {
  return value === undefined ? undefined : text(value, field, maxLength);
}

export function textList(value: unknown, field: string, options: { min?: number; max?: number } = {}): string[] {
  const { min = 0, max = 100 } = options;
  if (!Array.isArray(value)) invalid('invalid-list', field, 'must be a list');
  if (value.length < min) invalid('invalid-list', field, `must hold at least ${min} item(s)`);
  if (value.length > max) invalid('invalid-list', field, `must hold at most ${max} items`);
  return value.map((item, index) => text(item, `${field}[${index}]`));
}

export function oneOf<const T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid('invalid-value', field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function id(value: unknown, field: string): string {
  assertValidId(value, field);
  return value;
}

/** ISO 3166-1 alpha-2 in upper case. The format is checked, not membership of today's list of countries. */
export function countryCode(value: unknown, field: string): string {
  if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) {
    invalid('invalid-country', field, 'must be an ISO 3166-1 alpha-2 code in upper case');
  }
  return value;
}

export function ipAddress(value: unknown, field: string): string {
  if (typeof value !== 'string' || isIP(value) === 0) invalid('invalid-ip', field, 'must be an IPv4 or IPv6 address');
  return value;
}

export function list<T>(value: unknown, field: string, options: { min?: number; max?: number } = {}): T[] {
  const { min = 0, max = 1000 } = options;
  if (!Array.isArray(value)) invalid('invalid-list', field, 'must be a list');
  if (value.length < min) invalid('invalid-list', field, `must hold at least ${min} item(s)`);
  if (value.length > max) invalid('invalid-list', field, `must hold at most ${max} items`);
  return value as T[];
}

export function plainObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid('invalid-object', field, 'must be an object');
  return value as Record<string, unknown>;
}

/** Throws `duplicate-id` when two items of a list share an id. */
export function uniqueIds(ids: string[], field: string): void {
  const seen = new Set<string>();
  for (const item of ids) {
    if (seen.has(item)) invalid('duplicate-id', field, `holds ${item} more than once`);
    seen.add(item);
  }
}
