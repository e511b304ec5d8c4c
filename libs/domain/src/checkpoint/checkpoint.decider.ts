import { type Decider, type DecisionContext } from '../shared/domain-event';
import { IllegalStateError, ValidationError } from '../shared/errors';
import { type CheckpointCommand } from './checkpoint.commands';
import { type CheckpointEvent } from './checkpoint.events';
import { type CheckpointState, initialCheckpointState } from './checkpoint.state';

/**
 * Records a signed checkpoint. The note's body must state the same tree size and root (C2SP
 * tlog-checkpoint: origin, size, base64 root), and the log only grows: a smaller tree, or another root for
 * the same size, would be a fork and is refused. The signature itself is integrity's to check.
 */
export function decideCheckpoint(
  command: CheckpointCommand,
  state: CheckpointState,
  _context: DecisionContext,
): CheckpointEvent[] {
  const { treeSize, rootHash, note } = command.data;
  if (typeof treeSize !== 'number' || !Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw new ValidationError('invalid-tree-size', 'treeSize: must be a non-negative integer', { field: 'treeSize' });
  }
  if (typeof rootHash !== 'string' || !/^[0-9a-f]{64}$/.test(rootHash)) {
    throw new ValidationError('invalid-root-hash', 'rootHash: must be 64 lower-case hex digits', { field: 'rootHash' });
  }
  if (typeof note !== 'string')
    throw new ValidationError('invalid-note', 'note: must be a signed note', { field: 'note' });
  const [, sizeLine, rootLine] = note.split('\n');
  if (sizeLine !== String(treeSize) || rootLine !== Buffer.from(rootHash, 'hex').toString('base64')) {
    throw new ValidationError(
      'checkpoint-note-mismatch',
      'note: its body must state the same tree size and root hash',
      {
        field: 'note',
      },
    );
  }
  const latest = state.latest;
  if (latest !== null && treeSize < latest.treeSize) {
    throw new IllegalStateError(
      'checkpoint-regressed',
      `the latest checkpoint covers ${latest.treeSize} leaves; the log only grows`,
    );
  }
  if (latest !== null && treeSize === latest.treeSize && rootHash !== latest.rootHash) {
    throw new IllegalStateError(
      'checkpoint-fork',
      `a checkpoint for ${treeSize} leaves with another root hash was already signed`,
    );
  }
  return [{ type: 'CheckpointSigned', schema: 1, data: { treeSize, rootHash, note } }];
}

export function evolveCheckpoint(state: CheckpointState, event: CheckpointEvent): CheckpointState {
  switch (event.type) {
    case 'CheckpointSigned':
      return { latest: { treeSize: event.data.treeSize, rootHash: event.data.rootHash }, count: state.count + 1 };
  }
}

export const checkpointDecider: Decider<CheckpointCommand, CheckpointEvent, CheckpointState> = {
  decide: decideCheckpoint,
  evolve: evolveCheckpoint,
  initialState: initialCheckpointState,
};
