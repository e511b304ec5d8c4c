import type { LedgerRecord } from '@cip/integrity';
import type { StoredRecord } from '../event-store.port';

/**
 * A row of the log as a StoredRecord whose JSON is parsed on first use, once: consumers that want only hashes
 * and positions (the sealer follows every record of the log) never pay for parsing, nor, when the page was
 * read without bodies, for reading the text. The getter is an own,
 * enumerable member, so spreading or comparing the record reads it like any other.
 */
export function toStoredRecord(
  position: number,
  hash: string,
  text: string | null,
  textAt: (position: number) => string,
): StoredRecord {
  let parsed: LedgerRecord | undefined;
  return {
    get record(): LedgerRecord {
      // a page read without bodies left the text out: read it now, by position
      return (parsed ??= JSON.parse(text ?? textAt(position)) as LedgerRecord);
    },
    hash,
    position: BigInt(position),
  };
}
