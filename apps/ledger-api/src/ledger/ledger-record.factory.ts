import { hash } from 'node:crypto';
import { type HashedRecord, type LedgerRecord, canonicalRecordText } from '@cip/integrity';

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
  // SHA-256(0x00 || UTF-8(text)) is hashRecord's definition (docs/integrity-format.md); the spec proves them equal.
  const text = canonicalRecordText(record);
  return { record, hash: hash('sha256', '\u0000' + text, 'hex'), text };
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
  const keys = Object.keys(source).sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    if (key === '__proto__') return value;
    const member = source[key];
    if (member !== undefined) copy[key] = inCanonicalOrder(member);
  }
  return copy as T;
}
