import { hash } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json';
import type { LedgerRecord } from './ledger-record';

/** RFC 8785 canonical JSON text of a record (UTF-8 when hashed). */
export function canonicalRecordText(record: LedgerRecord): string {
  return canonicalJson(record);
}

/** hash(record) = SHA-256(0x00 || UTF-8(JCS(record))), 64 lower-case hex digits (the RFC 9162 leaf hash). */
export function hashRecord(record: LedgerRecord): string {
  return hash('sha256', '\u0000' + canonicalRecordText(record), 'hex');
}
