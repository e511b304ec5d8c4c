import {
  NOT_PROVED,
  canonicalStringEnd,
  canonicalValueEnd,
  memberValueStart,
  startsWith,
} from '../canonical/canonical-scan';

/** What scanRecordLine found in a line it proved; only meaningful after it returned true. */
export interface ScannedRecordLine {
  leaf: number;
  /** the record's bytes: [recordStart, recordEnd) of the line's buffer */
  recordStart: number;
  recordEnd: number;
  stream: string;
  revision: number;
  /** prev's 32 bytes, when it is not null */
  prev: Uint8Array;
  prevIsNull: boolean;
}

/** Somewhere for scanRecordLine to write what it finds, reused line after line. */
export function scannedRecordLine(): ScannedRecordLine {
  return { leaf: 0, recordStart: 0, recordEnd: 0, stream: '', revision: 0, prev: new Uint8Array(32), prevIsNull: true };
}

const bytesOf = (text: string) => Buffer.from(text, 'latin1');
const LINE_START = bytesOf('{"leaf":');
const RECORD = bytesOf(',"record":{"data":');
const ID = bytesOf(',"id":"');
const META = bytesOf(',"meta":');
const PREV = bytesOf(',"prev":');
const NULL = bytesOf('null');
const RECORDED_AT = bytesOf(',"recordedAt":"');
const REVISION = bytesOf(',"revision":');
const SCHEMA = bytesOf(',"schema":');
const STREAM = bytesOf(',"stream":');
const TYPE = bytesOf(',"type":');
const LINE_END = bytesOf(',"v":1}}');
const ACTOR = bytesOf('actor');
const HASH_HEX_DIGITS = 64;

/**
 * Proves that bytes[start, end) is a line of records.ndjson exactly as the bundle writer writes it, and that
 * it holds a well-formed record (integrity format section 1, every check of assertLedgerRecord), without
 * parsing it into objects: `{"leaf":<n>,"record":<text>}` where <text> is a record with its ten members in
 * order, each of the right kind, and is exactly RFC 8785 text (canonical-scan.ts). Then the record's canonical
 * bytes are the ones in the line, and JSON.parse of the line gives exactly the leaf, stream, revision and prev
 * found here. Returns false, having proved nothing, for anything else: the caller then parses the line and
 * checks and re-canonicalises the record in full, which also finds and words what is wrong.
 */
export function scanRecordLine(bytes: Buffer, start: number, end: number, found: ScannedRecordLine): boolean {
  let p = start;
  if (!startsWith(bytes, p, end, LINE_START)) return false;
  p = wholeNumberEnd(bytes, p + LINE_START.length, end);
  if (p === NOT_PROVED) return false;
  const leaf = wholeNumber(bytes, start + LINE_START.length, p);
  if (!startsWith(bytes, p, end, RECORD)) return false;
  const recordStart = p + RECORD.length - '{"data":'.length;
  p += RECORD.length;
  // data: an object
  if (p >= end || bytes[p] !== 0x7b) return false;
  p = canonicalValueEnd(bytes, p, end);
  // id: a lower-case UUID (which needs no escape, so its bytes are its characters)
  if (p === NOT_PROVED || !startsWith(bytes, p, end, ID)) return false;
  p += ID.length;
  if (p + UUID.length + 1 > end || !isLowerCaseUuid(bytes, p) || bytes[p + UUID.length] !== 0x22) return false;
  p += UUID.length + 1;
  // meta: an object with a string "actor"
  if (!startsWith(bytes, p, end, META)) return false;
  p += META.length;
  const meta = p;
  if (p >= end || bytes[p] !== 0x7b) return false;
  p = canonicalValueEnd(bytes, p, end);
  if (p === NOT_PROVED) return false;
  const actor = memberValueStart(bytes, meta, p, ACTOR);
  if (actor === NOT_PROVED || bytes[actor] !== 0x22) return false;
  // prev: null or 64 lower-case hex digits
  if (!startsWith(bytes, p, end, PREV)) return false;
  p += PREV.length;
  const prevIsNull = startsWith(bytes, p, end, NULL);
  if (prevIsNull) p += NULL.length;
  else {
    if (p + HASH_HEX_DIGITS + 2 > end || bytes[p] !== 0x22 || !readHex(bytes, p + 1, found.prev)) return false;
    p += HASH_HEX_DIGITS + 1;
    if (bytes[p] !== 0x22) return false;
    p++;
  }
  // recordedAt: UTC, milliseconds (digits and separators only, so no escape)
  if (!startsWith(bytes, p, end, RECORDED_AT)) return false;
  p += RECORDED_AT.length;
  if (p + MILLISECOND_UTC.length + 1 > end || !isMillisecondUtc(bytes, p)) return false;
  if (bytes[p + MILLISECOND_UTC.length] !== 0x22) return false;
  p += MILLISECOND_UTC.length + 1;
  // revision >= 0 and schema >= 1, whole numbers
  if (!startsWith(bytes, p, end, REVISION)) return false;
  const revisionStart = p + REVISION.length;
  p = wholeNumberEnd(bytes, revisionStart, end);
  if (p === NOT_PROVED || !startsWith(bytes, p, end, SCHEMA)) return false;
  const schemaStart = p + SCHEMA.length;
  p = wholeNumberEnd(bytes, schemaStart, end);
  if (p === NOT_PROVED || wholeNumber(bytes, schemaStart, p) < 1) return false;
  // stream and type: non-empty strings
  if (!startsWith(bytes, p, end, STREAM)) return false;
  const streamStart = p + STREAM.length;
  p = canonicalStringEnd(bytes, streamStart, end);
  if (p === NOT_PROVED || p - streamStart < 3 || !startsWith(bytes, p, end, TYPE)) return false;
  const streamEnd = p;
  const typeStart = p + TYPE.length;
  p = canonicalStringEnd(bytes, typeStart, end);
  if (p === NOT_PROVED || p - typeStart < 3) return false;
  // v: 1, and the line ends with the record
  if (p + LINE_END.length !== end || !startsWith(bytes, p, end, LINE_END)) return false;
  found.leaf = leaf;
  found.recordStart = recordStart;
  found.recordEnd = end - 1;
  found.stream = decodeString(bytes, streamStart, streamEnd);
  found.revision = wholeNumber(bytes, revisionStart, schemaStart - SCHEMA.length);
  found.prevIsNull = prevIsNull;
  return true;
}

/**
 * The end of a whole number >= 0 written canonically (digits, no leading zero) and at most
 * Number.MAX_SAFE_INTEGER; NOT_PROVED for anything else. The caller requires what follows to be a ',' (so not
 * a fraction or an exponent): other forms of the same number go the full route.
 */
function wholeNumberEnd(bytes: Uint8Array, at: number, limit: number): number {
  let p = at;
  while (p < limit && isDigit(bytes[p])) p++;
  const digits = p - at;
  if (digits === 0 || digits > 16 || (digits > 1 && bytes[at] === 0x30)) return NOT_PROVED;
  return wholeNumber(bytes, at, p) <= Number.MAX_SAFE_INTEGER ? p : NOT_PROVED;
}

/** The value of the digits bytes[at, end); exact up to 2^53, and above it never below 2^53. */
function wholeNumber(bytes: Uint8Array, at: number, end: number): number {
  let value = 0;
  for (let p = at; p < end; p++) value = value * 10 + (bytes[p] - 0x30);
  return value;
}

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;

// the value of a lower-case hex digit, -1 for any other byte
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 16; digit++) HEX_VALUE[digit.toString(16).charCodeAt(0)] = digit;

/** Reads 64 lower-case hex digits at bytes[at...] into `into` (32 bytes); false if one is not such a digit. */
function readHex(bytes: Uint8Array, at: number, into: Uint8Array): boolean {
  let invalid = 0;
  for (let k = 0; k < into.length; k++) {
    const high = HEX_VALUE[bytes[at + 2 * k]];
    const low = HEX_VALUE[bytes[at + 2 * k + 1]];
    invalid |= high | low;
    into[k] = (high << 4) | low;
  }
  return invalid >= 0;
}

// 8-4-4-4-12 lower-case hex digits, as record-format.ts requires of an id: 'h' for a digit, '-' for itself
const UUID = bytesOf('hhhhhhhh-hhhh-hhhh-hhhh-hhhhhhhhhhhh');

function isLowerCaseUuid(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < UUID.length; k++) {
    const byte = bytes[at + k];
    if (UUID[k] === 0x68 ? HEX_VALUE[byte] < 0 : byte !== UUID[k]) return false;
  }
  return true;
}

// YYYY-MM-DDTHH:MM:SS.sssZ: 'd' for a digit, anything else for itself (record-format.ts's pattern)
const MILLISECOND_UTC = bytesOf('dddd-dd-ddTdd:dd:dd.dddZ');

function isMillisecondUtc(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < MILLISECOND_UTC.length; k++) {
    const byte = bytes[at + k];
    if (MILLISECOND_UTC[k] === 0x64 ? !isDigit(byte) : byte !== MILLISECOND_UTC[k]) return false;
  }
  return true;
}

/** The value of a string proved canonical, quotes included in [start, end). */
function decodeString(bytes: Buffer, start: number, end: number): string {
  for (let p = start + 1; p < end - 1; p++) {
    if (bytes[p] === 0x5c || bytes[p] >= 0x80) return JSON.parse(bytes.toString('utf8', start, end)) as string;
  }
  return bytes.toString('latin1', start + 1, end - 1);
}
