import { hash, randomFillSync, randomUUID } from 'node:crypto';

/**
 * Ids for the records one request appends. Without an Idempotency-Key they are random (UUID v4). With one,
 * record i gets a UUID-shaped SHA-256 of (actor, key, i) (version nibble 8, RFC 9562 "custom"), so a
 * retried request proposes the very same ids: the writer finds them already in the stream instead of
 * appending twice, and EventStoreDB itself treats a re-append of known ids as a no-op.
 */
export function recordIds(count: number, idempotency?: { actor: string; key: string }): string[] {
  if (!idempotency) return randomUuids(count);
  const ids: string[] = new Array<string>(count);
  for (let index = 0; index < count; index++) {
    ids[index] = deterministicUuid(`${idempotency.actor}\n${idempotency.key}\n${index}`);
  }
  return ids;
}

export function deterministicUuid(seed: string): string {
  const bytes = hash('sha256', seed, 'buffer').subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** ASCII of the lower-case hex digits */
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');
const UUID_LENGTH = 36;

/** Below this many ids, crypto.randomUUID is cheaper than one draw of random bytes (see randomUuids). */
const ONE_DRAW_FROM = 64;

/**
 * `count` random UUIDs v4 (RFC 9562 section 5.4), as crypto.randomUUID writes them, from one draw of random
 * bytes written out as text in one buffer. randomUUID builds each id out of a dozen small strings: for the
 * 10,000 ids of a bulk request that was several megabytes of garbage, where each id here is one string.
 * A draw has a fixed cost (about 5 µs, more under load) that randomUUID's entropy cache avoids, so the few
 * ids of a single command still come from randomUUID (measured: 0.3 µs an id).
 */
export function randomUuids(count: number): string[] {
  if (count < ONE_DRAW_FROM) {
    // a plain loop: Array.from over an array-like took several times randomUUID's own 0.15 µs per id
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(randomUUID());
    return ids;
  }
  const random = randomFillSync(Buffer.allocUnsafe(16 * count));
  const text = Buffer.allocUnsafe(UUID_LENGTH * count);
  const ids: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const start = UUID_LENGTH * i;
    let at = start;
    for (let byte = 0; byte < 16; byte++) {
      if (byte === 4 || byte === 6 || byte === 8 || byte === 10) text[at++] = 0x2d; // '-'
      let value = random[16 * i + byte];
      if (byte === 6) value = (value & 0x0f) | 0x40; // version 4
      if (byte === 8) value = (value & 0x3f) | 0x80; // variant 10xx
      text[at++] = HEX_DIGITS[value >> 4];
      text[at++] = HEX_DIGITS[value & 0x0f];
    }
    ids[i] = text.toString('latin1', start, start + UUID_LENGTH);
  }
  return ids;
}
