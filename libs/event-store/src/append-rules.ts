import type { HashedRecord } from '@cip/integrity';
import { AppendTooLargeError, InvalidAppendError } from './event-store.errors';
import type { ExpectedRevision } from './event-store.port';

/** EventStoreDB's default maximum append size; every adapter enforces the same figure. */
export const MAX_APPEND_BYTES = 1024 * 1024;

const HASH_TEXT = /^[0-9a-f]{64}$/;

/**
 * The checks that do not depend on the stream's state, shared by every adapter so that they refuse the same
 * appends the same way. Returns each record's JSON text (the size measure, and what the SQLite adapter stores):
 * the record's own `text` when given, else its compact JSON. Throws InvalidAppendError or AppendTooLargeError.
 *
 * @example
 *   const texts = checkAppend('account-1', 'no_stream', [{ record, hash }]);
 */
export function checkAppend(
  stream: string,
  expectedRevision: ExpectedRevision,
  records: readonly HashedRecord[],
  limitBytes = MAX_APPEND_BYTES,
): string[] {
  const invalid = (reason: string) => new InvalidAppendError(stream, reason);
  if (typeof stream !== 'string' || stream.length === 0) throw invalid('the stream name is empty');
  if (records.length === 0) throw invalid('no records');
  if (typeof expectedRevision === 'number' && !(Number.isSafeInteger(expectedRevision) && expectedRevision >= 0)) {
    throw invalid(`expected revision ${expectedRevision} is not a revision`);
  }
  const first = records[0].record.revision;
  const required = requiredFirstRevision(expectedRevision);
  if (required !== undefined && first !== required) {
    throw invalid(`expected revision ${String(expectedRevision)} needs the first record at ${required}, not ${first}`);
  }
  if (expectedRevision === 'stream_exists' && first === 0) throw invalid('stream_exists with a record at revision 0');

  // a short append compares ids pairwise: a Set per append was a measurable part of a bulk request's garbage
  const ids = records.length > 16 ? new Set<string>() : undefined;
  const texts: string[] = new Array<string>(records.length);
  let chars = 0;
  for (let i = 0; i < records.length; i++) {
    const { record, hash } = records[i];
    if (record.stream !== stream) throw invalid(`record ${i} names stream ${record.stream}`);
    if (!(Number.isSafeInteger(record.revision) && record.revision === first + i && record.revision >= 0)) {
      throw invalid(`record ${i} has revision ${record.revision}, expected ${first + i}`);
    }
    if (ids ? ids.has(record.id) : repeatsAnEarlierId(records, i)) {
      throw invalid(`event id ${record.id} appears twice`);
    }
    ids?.add(record.id);
    if (typeof hash !== 'string' || !HASH_TEXT.test(hash)) throw invalid(`record ${i} has a malformed hash`);
    // the builder's own text when it has one (the canonical text it hashed): serialising is a bulk record's
    // largest cost after hashing
    const text = records[i].text ?? JSON.stringify(record);
    chars += text.length;
    texts[i] = text;
  }
  // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units, takes 4): the exact size is
  // counted only when that bound passes the limit, which a typical append's never does
  if (chars * 3 > limitBytes) {
    const sizeBytes = texts.reduce((total, text) => total + Buffer.byteLength(text, 'utf8'), 0);
    if (sizeBytes > limitBytes) throw new AppendTooLargeError(stream, sizeBytes, limitBytes);
  }
  return texts;
}

function repeatsAnEarlierId(records: readonly HashedRecord[], index: number): boolean {
  const id = records[index].record.id;
  for (let earlier = 0; earlier < index; earlier++) if (records[earlier].record.id === id) return true;
  return false;
}

/** The revision the first record must carry for an expected revision; undefined when the stream decides. */
export function requiredFirstRevision(expectedRevision: ExpectedRevision): number | undefined {
  if (expectedRevision === 'no_stream') return 0;
  if (typeof expectedRevision === 'number') return expectedRevision + 1;
  return undefined;
}
