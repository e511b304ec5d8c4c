import type { LedgerRecord } from './ledger-record';

export class RecordFormatError extends Error {
  override readonly name = 'RecordFormatError';
}

/** The members of a v1 record, in canonical (sorted) order. */
export const RECORD_MEMBERS = [
  'data',
  'id',
  'meta',
  'prev',
  'recordedAt',
  'revision',
  'schema',
  'stream',
  'type',
  'v',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MILLISECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const HASH_HEX = /^[0-9a-f]{64}$/;

const hasRecordMembers = (sortedNames: string[]) =>
  sortedNames.length === RECORD_MEMBERS.length && sortedNames.every((name, i) => name === RECORD_MEMBERS[i]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks that a parsed JSON value is a version 1 record (integrity format section 1): exactly its ten members,
 * each of the right kind. Throws RecordFormatError naming the first member that is wrong.
 */
export function assertLedgerRecord(value: unknown): asserts value is LedgerRecord {
  if (!isObject(value)) throw new RecordFormatError('a record is a JSON object');
  const members = Object.keys(value);
  // a record parsed from canonical text has its members in order already: sorted only when they are not
  if (!hasRecordMembers(members) && !hasRecordMembers(members.sort())) {
    throw new RecordFormatError(
      `a record has exactly the members ${RECORD_MEMBERS.join(', ')}; found ${members.join(', ')}`,
    );
  }
  const fail = (member: string, what: string) => {
    throw new RecordFormatError(`record member "${member}" must be ${what}`);
  };
  if (value.v !== 1) fail('v', '1');
  if (typeof value.stream !== 'string' || value.stream.length === 0) fail('stream', 'a non-empty string');
  if (!Number.isSafeInteger(value.revision) || (value.revision as number) < 0) fail('revision', 'a whole number >= 0');
  if (typeof value.id !== 'string' || !UUID.test(value.id)) fail('id', 'a lower-case UUID');
  if (typeof value.type !== 'string' || value.type.length === 0) fail('type', 'a non-empty string');
  if (!Number.isSafeInteger(value.schema) || (value.schema as number) < 1) fail('schema', 'a whole number >= 1');
  if (typeof value.recordedAt !== 'string' || !MILLISECOND_UTC.test(value.recordedAt)) {
    fail('recordedAt', 'UTC ISO-8601 with milliseconds, e.g. 2026-12-01T04:19:46.123Z');
  }
  if (!isObject(value.data)) fail('data', 'an object');
  if (!isObject(value.meta) || typeof value.meta.actor !== 'string') fail('meta', 'an object with a string "actor"');
  if (value.prev !== null && (typeof value.prev !== 'string' || !HASH_HEX.test(value.prev))) {
    fail('prev', 'null or 64 lower-case hex digits');
  }
}
