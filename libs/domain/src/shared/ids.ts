import { ValidationError } from './errors';

/**
 * Every identifier the domain accepts (account, owner, flag, hold, payment means, reseller, measure):
 * 1 to 128 characters, starting with a letter or digit, then letters, digits, `.`, `_`, `:` or `-`.
 * This keeps ids safe inside stream names (no `$`, which EventStoreDB reserves for system streams, no
 * `/` or spaces that would need escaping in URLs and JSON pointers) and accepts UUIDs, ULIDs and most
 * provider-native ids (`acct_123`, `org:42`).
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** Throws ValidationError `invalid-id` naming the field unless `value` matches ID_PATTERN. */
export function assertValidId(value: unknown, field: string): asserts value is string {
  if (!isValidId(value)) {
    throw new ValidationError(
      'invalid-id',
      `${field} must be 1-128 characters: a letter or digit, then letters, digits, '.', '_', ':' or '-'`,
      { field },
    );
  }
}

/**
 * Parses a stream revision given by a client (e.g. an `If-Match` header): a non-negative safe integer
 * written in decimal without leading zeros.
 */
export function parseRevision(text: string): number {
  if (!/^(0|[1-9][0-9]{0,15})$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new ValidationError('invalid-revision', 'a revision is a non-negative integer in decimal', {
      field: 'revision',
    });
  }
  return Number(text);
}
