import type { LedgerRecord } from '../record/ledger-record';

/** Where a record sits: in the log (leaf) and in its stream. */
export interface RecordPosition {
  leaf: number;
  stream: string;
  revision: number;
}

/** A broken link of a stream chain: `expected` is what the previous record implies, `found` what the record holds. */
export interface ChainBreak extends RecordPosition {
  problem: 'revision' | 'prev';
  expected: string;
  found: string;
  /** the record the link points back to, when the stream had one */
  previousLeaf?: number;
}

interface StreamHead {
  revision: number;
  hash: string;
  leaf: number;
}

/**
 * Follows every stream's hash chain (integrity format section 1) while records arrive in log order: revision 0
 * has prev null, revision n > 0 has prev = hash(revision n - 1), with no gaps. Memory: one entry per stream,
 * not per record. After a break the chain continues from the record as found, so each break is reported once.
 */
export class StreamChainTracker {
  private readonly heads = new Map<string, StreamHead>();

  get streamCount(): number {
    return this.heads.size;
  }

  /** Checks the record against its stream's head and makes it the new head; returns the break, if any. */
  follow(record: LedgerRecord, hash: string, leaf: number): ChainBreak | undefined {
    const head = this.heads.get(record.stream);
    this.heads.set(record.stream, { revision: record.revision, hash, leaf });
    const at = { leaf, stream: record.stream, revision: record.revision };
    const expectedRevision = head === undefined ? 0 : head.revision + 1;
    if (record.revision !== expectedRevision) {
      return {
        ...at,
        problem: 'revision',
        expected: String(expectedRevision),
        found: String(record.revision),
        previousLeaf: head?.leaf,
      };
    }
    const expectedPrev = head === undefined ? null : head.hash;
    if (record.prev !== expectedPrev) {
      return {
        ...at,
        problem: 'prev',
        expected: String(expectedPrev),
        found: String(record.prev),
        previousLeaf: head?.leaf,
      };
    }
    return undefined;
  }
}

/** The revision and prev the next record of a stream takes, given the stream's last record and its hash. */
export function nextLink(last: { record: LedgerRecord; hash: string } | undefined): {
  revision: number;
  prev: string | null;
} {
  return last === undefined ? { revision: 0, prev: null } : { revision: last.record.revision + 1, prev: last.hash };
}
