import { hash } from 'node:crypto';
import { type HashedRecord, type LedgerRecord, canonicalRecordText, isStringifiedCanonically } from '@cip/integrity';

/** What varies between the records a command appends; the rest of a LedgerRecord is fixed or derived. */
export interface RecordFields {
  stream: string;
  revision: number;
  id: string;
  type: string;
  schema: number;
  recordedAt: string;
  data: Record<string, unknown>;
  actor: string;
  correlationId: string;
  prev: string | null;
}

/**
 * Builds a record with every member, at any depth, in RFC 8785 order (UTF-16 code units), and hashes it.
 *
 * Why the order: the member order of a JSON object is no part of its meaning or of its hash, but a record
 * whose members are already in canonical order is one whose canonical text is exactly what the engine's
 * native JSON.stringify writes. The integrity library's hashRecord takes that shortcut when it can (its
 * canonical-json specs prove the texts equal) instead of walking the record member by member, which was
 * the largest single cost per record of a bulk request; and the store keeps that same text. Records built in any other order hash to the same value, only more slowly.
 */
export function buildHashedRecord(fields: RecordFields): HashedRecord {
  const record: LedgerRecord = {
    data: inCanonicalOrder(fields.data),
    id: fields.id,
    meta: { actor: fields.actor, correlationId: fields.correlationId },
    prev: fields.prev,
    recordedAt: fields.recordedAt,
    revision: fields.revision,
    schema: fields.schema,
    stream: fields.stream,
    type: fields.type,
    v: 1,
  };
  // The canonical text is written once and serves twice: hashed here, and kept as the record's `text` so the
  // store need not serialise the record again (it was the second JSON.stringify of every bulk record).
  const text = canonicalTextOf(record);
  return { record, hash: hashOfRecordText(text), text };
}

/**
 * canonicalRecordText(record), for a record built above. The integrity library finds out whether JSON.stringify
 * writes a record's canonical text by walking all of it; here the record's own members and `meta` were written
 * in canonical order with values of known kinds, so only those kinds and `data` (a decision's output) are
 * checked, with the library's own test. Anything unusual, and any lone surrogate (which JSON.stringify writes
 * as an escape `\udXXX` and canonical JSON refuses), goes through canonicalRecordText. The spec compares the
 * two over arbitrary records.
 */
function canonicalTextOf(record: LedgerRecord): string {
  const { meta } = record;
  const scalarsAreJson =
    typeof record.id === 'string' &&
    typeof meta.actor === 'string' &&
    typeof meta.correlationId === 'string' &&
    (record.prev === null || typeof record.prev === 'string') &&
    typeof record.recordedAt === 'string' &&
    Number.isFinite(record.revision) &&
    Number.isFinite(record.schema) &&
    typeof record.stream === 'string' &&
    typeof record.type === 'string';
  if (scalarsAreJson && isStringifiedCanonically(record.data)) {
    const text = JSON.stringify(record);
    if (!text.includes('\\ud')) return text;
  }
  return canonicalRecordText(record);
}

/** Where hashOfRecordText writes the bytes it hashes; grown when a record needs more, reused otherwise. */
let hashInput = Buffer.allocUnsafeSlow(16 * 1024);

/**
 * SHA-256(0x00 || UTF-8(text)), hashRecord's definition (docs/integrity-format.md); the spec proves them equal.
 * The bytes are written into a buffer kept between calls rather than hashed from `'\u0000' + text`: that string
 * was a second copy of every record's text on the heap, one of the largest sources of garbage of a bulk request.
 */
export function hashOfRecordText(text: string): string {
  // a UTF-16 code unit takes at most 3 bytes in UTF-8
  const room = 1 + 3 * text.length;
  if (hashInput.length < room) hashInput = Buffer.allocUnsafeSlow(Math.max(room, 2 * hashInput.length));
  hashInput[0] = 0;
  const length = 1 + hashInput.write(text, 1, 'utf8');
  return hash('sha256', new Uint8Array(hashInput.buffer, hashInput.byteOffset, length), 'hex');
}

/**
 * A copy of `value` whose plain objects have their members inserted in sorted order (arrays keep theirs) and
 * lose their undefined members (which neither JSON nor the canonical form has). Anything that is not a plain
 * object or array, and an object with a member named `__proto__` (which an assignment would not copy), is
 * kept as it is: its canonical form is the hasher's business.
 */
export function inCanonicalOrder<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => inCanonicalOrder(item)) as T;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const source = value as Record<string, unknown>;
  const keys = sortedInPlace(Object.keys(source));
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') return value;
    const member = source[key];
    if (member !== undefined) copy[key] = inCanonicalOrder(member);
  }
  return copy as T;
}

/**
 * `names` sorted by UTF-16 code units, as `sort()` without a comparator sorts strings, in place. An insertion
 * sort for small arrays: a record's objects have a handful of members, and the built-in sort allocated several
 * times the size of the array on every call (measured: the second largest source of garbage of a bulk request).
 */
function sortedInPlace(names: string[]): string[] {
  // quadratic: only for the small objects records are made of
  if (names.length > 16) return names.sort();
  for (let i = 1; i < names.length; i++) {
    const name = names[i];
    let j = i - 1;
    while (j >= 0 && names[j] > name) {
      names[j + 1] = names[j];
      j--;
    }
    names[j + 1] = name;
  }
  return names;
}
