import { parsePhoneNumberFromString } from 'libphonenumber-js';

// Normal forms for blind indexes (HMAC(index key, kind ":" normalised value)): two spellings of the same
// identifier must give the same index, so investigators find an account whatever way it was typed.
// Every function is idempotent: normalising a normal form returns it unchanged.

/** Trimmed and lower-cased. Gmail-style dot and plus folding is deliberately not applied: it is provider-specific. */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * E.164 (`+4930123456`) via libphonenumber-js, or null when the text is not a possible phone number.
 * No default region: a number must carry its country code after a leading `+`, since a national number
 * alone is ambiguous across countries.
 */
export function normalisePhone(raw: string): string | null {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('+')) return null;
  const parsed = parsePhoneNumberFromString(trimmed);
  if (parsed === undefined || !parsed.isPossible()) return null;
  return parsed.number;
}

/** Upper-cased with whitespace and dashes removed (`ab-12 345` -> `AB12345`). */
export function normaliseNationalId(raw: string): string {
  return raw.replace(/[\s\-\u2010-\u2015]/g, '').toUpperCase();
}

/** Letters and digits only, upper-cased (`4111 1111-1111 1111` -> `4111111111111111`, IBAN spacing removed). */
export function normalisePaymentIdentifier(raw: string): string {
  return raw.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
}

/**
 * Person names for special-measure matching: Unicode compatibility decomposition without combining
 * marks, lower case, punctuation dropped, single spaces (`  José  O'Neil ` -> `jose oneil`).
 */
export function normalisePersonName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
