import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { LedgerRecord } from './ledger-record';

const LEAF_PREFIX = Buffer.from([0x00]);

/** RFC 8785 canonical JSON text of a record (UTF-8 when hashed). */
export function canonicalRecordText(record: LedgerRecord): string {
  const text = canonicalize(record);
  if (text === undefined) throw new TypeError('record cannot be canonicalised');
  return text;
}

/** hash(record) = SHA-256(0x00 || UTF-8(JCS(record))), 64 lower-case hex digits (the RFC 9162 leaf hash). */
export function hashRecord(record: LedgerRecord): string {
  return createHash('sha256').update(LEAF_PREFIX).update(canonicalRecordText(record), 'utf8').digest('hex');
}
