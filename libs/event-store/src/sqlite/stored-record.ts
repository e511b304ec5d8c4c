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
  let body = text;
  return {
    get record(): LedgerRecord {
      if (parsed === undefined) {
        // a page read without bodies left the text out: read it now, by position
        parsed = JSON.parse(body ?? textAt(position)) as LedgerRecord;
        // the text may be a slice of a larger string (a committed append's block): not kept alive by the record
        body = null;
      }
      return parsed;
    },
    hash,
    position: BigInt(position),
  };
}
