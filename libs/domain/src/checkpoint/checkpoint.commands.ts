import { type Command } from '../shared/domain-event';

export type RecordCheckpoint = Command<'RecordCheckpoint', { treeSize: number; rootHash: string; note: string }>;

export type CheckpointCommand = RecordCheckpoint;
