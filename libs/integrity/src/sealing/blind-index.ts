import { createHmac } from 'node:crypto';

/**
 * Blind index of a PII value: HMAC-SHA256(index key, kind ":" normalised value), 64 lower-case hex digits.
 * The caller normalises the value (the normal form of each kind is domain knowledge, see libs/domain pii);
 * the same normalised value always gives the same index under one key.
 */
export function blindIndex(indexKey: Uint8Array, kind: string, normalisedValue: string): string {
  if (indexKey.length !== 32) throw new RangeError('a blind-index key is 32 bytes');
  if (kind.length === 0 || kind.includes(':')) throw new RangeError('a blind-index kind is non-empty and has no ":"');
  return createHmac('sha256', indexKey).update(`${kind}:${normalisedValue}`, 'utf8').digest('hex');
}
