import { type DomainEvent } from '../shared/domain-event';

export type CheckpointSigned = DomainEvent<
  'CheckpointSigned',
  {
    /** number of leaves the checkpoint commits to */
    treeSize: number;
    /** RFC 9162 root hash of those leaves, 64 lower-case hex digits */
    rootHash: string;
    /** the complete C2SP signed note (body and signature lines) */
    note: string;
  },
  1
>;

export type CheckpointEvent = CheckpointSigned;
export type CheckpointEventType = CheckpointEvent['type'];
