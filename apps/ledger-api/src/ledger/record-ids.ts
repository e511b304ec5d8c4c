import { createHash, randomUUID } from 'node:crypto';

/**
 * Ids for the records one request appends. Without an Idempotency-Key they are random (UUID v4). With one,
 * record i gets a UUID-shaped SHA-256 of (actor, key, i) (version nibble 8, RFC 9562 "custom"), so a
 * retried request proposes the very same ids: the writer finds them already in the stream instead of
 * appending twice, and EventStoreDB itself treats a re-append of known ids as a no-op.
 */
export function recordIds(count: number, idempotency?: { actor: string; key: string }): string[] {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    ids.push(idempotency ? deterministicUuid(`${idempotency.actor}\n${idempotency.key}\n${index}`) : randomUUID());
  }
  return ids;
}

export function deterministicUuid(seed: string): string {
  const bytes = createHash('sha256').update(seed, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
