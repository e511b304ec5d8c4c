import { type CheckpointSigned } from '@cip/domain';
import type { StoredRecord } from '@cip/event-store';

/** A signed checkpoint as recorded in `ledger-checkpoints`. */
export interface RecordedCheckpoint {
  treeSize: number;
  /** 64 lower-case hex digits */
  rootHash: string;
  /** the C2SP signed note */
  note: string;
  recordedAt: string;
  /** revision of its CheckpointSigned record in ledger-checkpoints */
  revision: number;
}

/** The checkpoints recorded so far, by tree size; the newest is the largest tree (the domain forbids shrinking). */
export class CheckpointBook {
  private readonly bySize = new Map<number, RecordedCheckpoint>();
  private newest: RecordedCheckpoint | undefined;

  get latest(): RecordedCheckpoint | undefined {
    return this.newest;
  }

  get sizes(): number[] {
    return [...this.bySize.keys()].sort((a, b) => a - b);
  }

  get count(): number {
    return this.bySize.size;
  }

  at(treeSize: number): RecordedCheckpoint | undefined {
    return this.bySize.get(treeSize);
  }

  /** Adds a CheckpointSigned record (a repeat of a size already known keeps the first). */
  add(stored: StoredRecord): RecordedCheckpoint | undefined {
    if (stored.record.type !== 'CheckpointSigned') return undefined;
    const data = stored.record.data as CheckpointSigned['data'];
    if (this.bySize.has(data.treeSize)) return this.bySize.get(data.treeSize);
    const checkpoint: RecordedCheckpoint = {
      treeSize: data.treeSize,
      rootHash: data.rootHash,
      note: data.note,
      recordedAt: stored.record.recordedAt,
      revision: stored.record.revision,
    };
    this.bySize.set(checkpoint.treeSize, checkpoint);
    if (this.newest === undefined || checkpoint.treeSize > this.newest.treeSize) this.newest = checkpoint;
    return checkpoint;
  }
}
