import { hash } from 'node:crypto';
import { canonicalJsonOfParsed, isStringifiedCanonically } from '../canonical/canonical-json';
import type { LedgerRecord } from './ledger-record';

/** RFC 8785 canonical JSON text of a record (UTF-8 when hashed). */
export function canonicalRecordText(record: LedgerRecord): string {
  return canonicalJsonOfParsed(record);
}

/** hash(record) = SHA-256(0x00 || UTF-8(JCS(record))), 64 lower-case hex digits (the RFC 9162 leaf hash). */
export function hashRecord(record: LedgerRecord): string {
  return hash('sha256', '\u0000' + canonicalRecordText(record), 'hex');
}

// Where one record ends and the next begins in JSON.stringify([record, record, ...]) when both are written
// canonically: a v1 record's first member is "data" and its last is "v", which is 1.
const BOUNDARY = '"v":1},{"data":';
const BOUNDARY_COMMA = BOUNDARY.indexOf(',');

// Scratch space for the hashed bytes of a batch, kept between calls (grown when a batch needs more).
let scratch = Buffer.allocUnsafeSlow(1 << 20);

/**
 * The hashes of many records, each exactly what hashRecord gives (64 lower-case hex digits), or the error
 * hashRecord throws for it (a record that has no canonical form, such as one holding a lone surrogate).
 *
 * Why not hashRecord in a loop: verification hashes every record of a bundle, and the per-call costs of
 * JSON.stringify and of building a hash input string weigh as much as the hashing itself. Records already
 * written in canonical member order (every record parsed from a bundle line) are stringified together in one
 * call and hashed from one buffer. The batch text is cut at the record boundaries only when the boundary
 * text occurs exactly once per boundary (so never inside a record); otherwise, and for every other record,
 * hashRecord is used.
 */
export function hashRecords(records: readonly LedgerRecord[]): (string | Error)[] {
  const results: (string | Error)[] = new Array<string | Error>(records.length);
  const together: number[] = [];
  for (let i = 0; i < records.length; i++) {
    if (startsWithDataEndsWithV1(records[i]) && isStringifiedCanonically(records[i])) together.push(i);
    else results[i] = hashOne(records[i]);
  }
  if (together.length > 0 && !hashTogether(records, together, results)) {
    for (const i of together) results[i] = hashOne(records[i]);
  }
  return results;
}

/** Whether the record's first member is "data" and its last "v", which is 1: the boundary text needs both. */
function startsWithDataEndsWithV1(record: LedgerRecord): boolean {
  if (typeof record !== 'object' || record === null || record.v !== 1) return false;
  const members = Object.keys(record);
  return members[0] === 'data' && members[members.length - 1] === 'v';
}

function hashOne(record: LedgerRecord): string | Error {
  try {
    return hashRecord(record);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Hashes records[indexes] from one JSON.stringify of them all; false when the text cannot be cut safely. */
function hashTogether(records: readonly LedgerRecord[], indexes: number[], results: (string | Error)[]): boolean {
  const text = JSON.stringify(indexes.map((i) => records[i]));
  // a lone surrogate (written as an escape) has no canonical form: hashRecord reports it
  if (text.includes('\\ud')) return false;
  const starts: number[] = [1];
  for (let at = text.indexOf(BOUNDARY, 1); at >= 0; at = text.indexOf(BOUNDARY, at + BOUNDARY.length)) {
    starts.push(at + BOUNDARY_COMMA + 1);
    if (starts.length > indexes.length) return false;
  }
  if (starts.length !== indexes.length) return false;
  const end = (k: number) => (k + 1 < starts.length ? starts[k + 1] - 1 : text.length - 1);
  // ASCII text (the usual case) has its UTF-8 bytes at the offsets of its characters: it is written once and
  // the byte before each record ('[' or ',') becomes the 0x00 leaf prefix, so no record is copied again.
  // JSON.stringify leaves characters above U+007F as they are, and each takes more than one byte.
  if (Buffer.byteLength(text, 'utf8') === text.length) {
    if (text.length > scratch.length) scratch = Buffer.allocUnsafeSlow(2 * text.length);
    scratch.write(text, 0, 'latin1');
    for (let k = 0; k < indexes.length; k++) {
      scratch[starts[k] - 1] = 0;
      results[indexes[k]] = hash('sha256', scratch.subarray(starts[k] - 1, end(k)), 'hex');
    }
  } else {
    for (let k = 0; k < indexes.length; k++) {
      results[indexes[k]] = hash('sha256', '\u0000' + text.slice(starts[k], end(k)), 'hex');
    }
  }
  return true;
}
