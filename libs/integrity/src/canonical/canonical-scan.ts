/**
 * Proves, byte by byte, that UTF-8 bytes already are RFC 8785 (JCS) text: that JSON.parse of them, written
 * again with canonicalJson, gives back exactly these bytes. It answers "proved" or "not proved", never
 * "not canonical": whatever it does not recognise (whitespace, an escape JCS does not write, a number in
 * another form, members out of order, a name that is not plain ASCII, invalid UTF-8, very deep nesting, ...)
 * it declines, and the caller takes the full route (parse, then canonicalise the parsed value).
 *
 * Why: the bundle verifier must hash every record's canonical form. For a line that already holds it, proving
 * so costs a fraction of parsing and writing the record again (docs/integrity-format.md, section 7).
 *
 * The scanning functions take the bytes, where the value starts and the end of the bytes they may read
 * (`limit`); they return where the value ends (one past its last byte), or NOT_PROVED.
 */
export const NOT_PROVED = -1;

// What a byte inside a string is to the scanner: most bytes stand for themselves.
const LITERAL = 0;
const QUOTE = 1;
const BACKSLASH = 2;
const CONTROL = 3;
const NON_ASCII = 4;

const STRING_BYTE = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  STRING_BYTE[byte] =
    byte === 0x22 ? QUOTE : byte === 0x5c ? BACKSLASH : byte < 0x20 ? CONTROL : byte >= 0x80 ? NON_ASCII : LITERAL;
}

// The escapes JCS writes (as JSON.stringify does): \" \\ \b \f \n \r \t, and \u00xx (lower-case hex) for the
// other characters below U+0020. Anything else written as an escape (\/, \u0041, \u00E9, \ud83d...) is not
// the canonical form of the character.
const SHORT_ESCAPE = new Uint8Array(256);
for (const letter of '"\\bfnrt') SHORT_ESCAPE[letter.charCodeAt(0)] = 1;
const HAS_SHORT_ESCAPE = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

const DEEPEST = 256;

/** Whether bytes[start, end) is exactly one JSON value in canonical (RFC 8785) form. */
export function isProvedCanonical(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  return start < end && canonicalValueEnd(bytes, start, end) === end;
}

/** The end of the canonical JSON value that starts at `at`, or NOT_PROVED. */
export function canonicalValueEnd(bytes: Uint8Array, at: number, limit: number): number {
  return valueEnd(bytes, at, limit, 0);
}

function valueEnd(bytes: Uint8Array, at: number, limit: number, depth: number): number {
  if (at >= limit) return NOT_PROVED;
  switch (bytes[at]) {
    case 0x22: // "
      return canonicalStringEnd(bytes, at, limit);
    case 0x7b: // {
      return depth < DEEPEST ? objectEnd(bytes, at, limit, depth + 1) : NOT_PROVED;
    case 0x5b: // [
      return depth < DEEPEST ? arrayEnd(bytes, at, limit, depth + 1) : NOT_PROVED;
    case 0x74: // t
      return literalEnd(bytes, at, limit, TRUE);
    case 0x66: // f
      return literalEnd(bytes, at, limit, FALSE);
    case 0x6e: // n
      return literalEnd(bytes, at, limit, NULL);
    default:
      return canonicalNumberEnd(bytes, at, limit);
  }
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

function literalEnd(bytes: Uint8Array, at: number, limit: number, literal: Uint8Array): number {
  return startsWith(bytes, at, limit, literal) ? at + literal.length : NOT_PROVED;
}

/** Whether bytes[at, limit) starts with `expected`. */
export function startsWith(bytes: Uint8Array, at: number, limit: number, expected: Uint8Array): boolean {
  if (at + expected.length > limit) return false;
  for (let k = 0; k < expected.length; k++) if (bytes[at + k] !== expected[k]) return false;
  return true;
}

/**
 * An object whose members are in strictly increasing order of their names (so also without duplicates).
 * Names are compared byte by byte, which is the UTF-16 code unit order of RFC 8785 only for ASCII: a name
 * with an escape or a byte above 0x7F is declined.
 */
function objectEnd(bytes: Uint8Array, at: number, limit: number, depth: number): number {
  let p = at + 1;
  if (p < limit && bytes[p] === 0x7d) return p + 1;
  let previousName = -1;
  let previousNameEnd = -1;
  for (;;) {
    const nameEnd = plainNameEnd(bytes, p, limit);
    if (nameEnd === NOT_PROVED) return NOT_PROVED;
    if (previousName >= 0 && !isBefore(bytes, previousName, previousNameEnd, p + 1, nameEnd - 1)) return NOT_PROVED;
    previousName = p + 1;
    previousNameEnd = nameEnd - 1;
    if (nameEnd >= limit || bytes[nameEnd] !== 0x3a) return NOT_PROVED; // :
    p = valueEnd(bytes, nameEnd + 1, limit, depth);
    if (p === NOT_PROVED || p >= limit) return NOT_PROVED;
    const next = bytes[p];
    if (next === 0x7d) return p + 1; // }
    if (next !== 0x2c) return NOT_PROVED; // ,
    p++;
  }
}

/** The end of a member name made of printable ASCII only (no escape), starting with its quote at `at`. */
export function plainNameEnd(bytes: Uint8Array, at: number, limit: number): number {
  if (at >= limit || bytes[at] !== 0x22) return NOT_PROVED;
  let p = at + 1;
  while (p < limit && STRING_BYTE[bytes[p]] === LITERAL) p++;
  return p < limit && bytes[p] === 0x22 ? p + 1 : NOT_PROVED;
}

/** Whether bytes[a, aEnd) sorts strictly before bytes[b, bEnd), comparing unsigned bytes. */
function isBefore(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  const length = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < length; k++) {
    const difference = bytes[a + k] - bytes[b + k];
    if (difference !== 0) return difference < 0;
  }
  return aEnd - a < bEnd - b;
}

function arrayEnd(bytes: Uint8Array, at: number, limit: number, depth: number): number {
  let p = at + 1;
  if (p < limit && bytes[p] === 0x5d) return p + 1;
  for (;;) {
    p = valueEnd(bytes, p, limit, depth);
    if (p === NOT_PROVED || p >= limit) return NOT_PROVED;
    const next = bytes[p];
    if (next === 0x5d) return p + 1; // ]
    if (next !== 0x2c) return NOT_PROVED; // ,
    p++;
  }
}

/**
 * A string as JCS writes it, starting with its quote at `at`: characters literal except the ones JCS escapes,
 * each with the escape JCS uses; well-formed UTF-8 (no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF), so decoding and encoding again gives the same bytes.
 */
export function canonicalStringEnd(bytes: Uint8Array, at: number, limit: number): number {
  if (at >= limit || bytes[at] !== 0x22) return NOT_PROVED;
  let p = at + 1;
  for (;;) {
    while (p < limit && STRING_BYTE[bytes[p]] === LITERAL) p++;
    if (p >= limit) return NOT_PROVED;
    switch (STRING_BYTE[bytes[p]]) {
      case QUOTE:
        return p + 1;
      case BACKSLASH:
        p = escapeEnd(bytes, p, limit);
        break;
      case NON_ASCII:
        p = utf8SequenceEnd(bytes, p, limit);
        break;
      default:
        return NOT_PROVED; // a control character must be escaped
    }
    if (p === NOT_PROVED) return NOT_PROVED;
  }
}

function escapeEnd(bytes: Uint8Array, at: number, limit: number): number {
  if (at + 1 >= limit) return NOT_PROVED;
  const letter = bytes[at + 1];
  if (SHORT_ESCAPE[letter] === 1) return at + 2;
  // \u00xx for a control character that has no short escape
  if (letter !== 0x75 || at + 6 > limit || bytes[at + 2] !== 0x30 || bytes[at + 3] !== 0x30) return NOT_PROVED;
  const high = bytes[at + 4] - 0x30;
  const low = lowerHexValue(bytes[at + 5]);
  if ((high !== 0 && high !== 1) || low < 0 || HAS_SHORT_ESCAPE.has(high * 16 + low)) return NOT_PROVED;
  return at + 6;
}

function lowerHexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x61 + 10;
  return -1;
}

/** The end of one well-formed UTF-8 sequence of two to four bytes starting at `at` (Unicode table 3-7). */
function utf8SequenceEnd(bytes: Uint8Array, at: number, limit: number): number {
  const lead = bytes[at];
  let length: number;
  let secondLow = 0x80;
  let secondHigh = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0)
      secondLow = 0xa0; // no overlong form
    else if (lead === 0xed) secondHigh = 0x9f; // no surrogate
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0)
      secondLow = 0x90; // no overlong form
    else if (lead === 0xf4) secondHigh = 0x8f; // nothing above U+10FFFF
  } else return NOT_PROVED;
  if (at + length > limit) return NOT_PROVED;
  const second = bytes[at + 1];
  if (second < secondLow || second > secondHigh) return NOT_PROVED;
  for (let k = 2; k < length; k++) if ((bytes[at + k] & 0xc0) !== 0x80) return NOT_PROVED;
  return at + length;
}

const MINUS = 0x2d;
const ZERO = 0x30;
const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

/**
 * A number written as ECMAScript's Number-to-String writes the value JSON.parse reads from it (RFC 8785
 * section 3.2.2.3). An integer of at most 15 digits without a leading zero is its own canonical form (all
 * such integers are exact doubles below 1e21), except -0 (written 0); any other token (fraction, exponent,
 * more digits) is proved by converting it both ways.
 */
export function canonicalNumberEnd(bytes: Uint8Array, at: number, limit: number): number {
  let p = at;
  if (p < limit && bytes[p] === MINUS) p++;
  const digits = p;
  if (p >= limit || !isDigit(bytes[p])) return NOT_PROVED;
  if (bytes[p] === ZERO) p++;
  else while (p < limit && isDigit(bytes[p])) p++;
  let plainInteger = true;
  if (p < limit && bytes[p] === 0x2e) {
    // .
    plainInteger = false;
    p = digitsEnd(bytes, p + 1, limit);
    if (p === NOT_PROVED) return NOT_PROVED;
  }
  if (p < limit && (bytes[p] === 0x65 || bytes[p] === 0x45)) {
    // e or E
    plainInteger = false;
    p++;
    if (p < limit && (bytes[p] === 0x2b || bytes[p] === MINUS)) p++;
    p = digitsEnd(bytes, p, limit);
    if (p === NOT_PROVED) return NOT_PROVED;
  }
  if (plainInteger && p - digits <= 15) {
    const negativeZero = digits > at && p - digits === 1 && bytes[digits] === ZERO;
    return negativeZero ? NOT_PROVED : p;
  }
  const token = Buffer.from(bytes.buffer, bytes.byteOffset + at, p - at).toString('latin1');
  return String(Number(token)) === token ? p : NOT_PROVED;
}

function digitsEnd(bytes: Uint8Array, at: number, limit: number): number {
  if (at >= limit || !isDigit(bytes[at])) return NOT_PROVED;
  let p = at + 1;
  while (p < limit && isDigit(bytes[p])) p++;
  return p;
}

/**
 * Where the value of the member `name` (given as its bytes between the quotes, plain ASCII) starts in the
 * object at `at`, which must be proved canonical already; NOT_PROVED when it has no such member.
 */
export function memberValueStart(bytes: Uint8Array, at: number, limit: number, name: Uint8Array): number {
  let p = at + 1;
  if (p >= limit || bytes[p] === 0x7d) return NOT_PROVED;
  for (;;) {
    const nameEnd = plainNameEnd(bytes, p, limit);
    if (nameEnd === NOT_PROVED) return NOT_PROVED;
    const length = nameEnd - 1 - (p + 1);
    if (length === name.length && startsWith(bytes, p + 1, nameEnd - 1, name)) return nameEnd + 1;
    // members are in order: once past the name, it is not there
    if (isAfterName(bytes, p + 1, nameEnd - 1, name)) return NOT_PROVED;
    p = canonicalValueEnd(bytes, nameEnd + 1, limit);
    if (p === NOT_PROVED || p >= limit || bytes[p] !== 0x2c) return NOT_PROVED;
    p++;
  }
}

function isAfterName(bytes: Uint8Array, start: number, end: number, name: Uint8Array): boolean {
  const length = Math.min(end - start, name.length);
  for (let k = 0; k < length; k++) {
    const difference = bytes[start + k] - name[k];
    if (difference !== 0) return difference > 0;
  }
  return end - start > name.length;
}
