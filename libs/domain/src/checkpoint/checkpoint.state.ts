export interface CheckpointState {
  /** the latest checkpoint recorded, or null */
  latest: { treeSize: number; rootHash: string } | null;
  count: number;
}

export function initialCheckpointState(): CheckpointState {
  return { latest: null, count: 0 };
}
