/** Evidence bundle layout (integrity format section 4). */
export const BUNDLE_FORMAT = 'cip-ledger-bundle/1';

export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  records: 'records.ndjson',
  proofs: 'proofs.ndjson',
  consistency: 'consistency.ndjson',
  verifierKey: 'ledger.vkey',
  checkpointsDir: 'checkpoints',
} as const;

/** `checkpoints/<tree size>.note` */
export const checkpointFileName = (treeSize: bigint | number) => `${BUNDLE_FILES.checkpointsDir}/${treeSize}.note`;

/** `ledger` for the whole ledger, otherwise the account id whose streams the bundle holds. */
export type BundleScope = 'ledger' | (string & {});

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  origin: string;
  createdAt: string;
  scope: BundleScope;
  /** leaves in the ledger when the bundle was made (for scope `ledger`: the number of records) */
  treeSize: number;
  counts: { records: number; checkpoints: number; proofs: number; consistency: number };
  /** every other file of the bundle (path with `/`) -> SHA-256 of its bytes, lower-case hex */
  files: Record<string, string>;
}

/** A line of records.ndjson. */
export interface BundleRecordLine {
  leaf: number;
  record: unknown;
}

/** A line of proofs.ndjson (scope = account): inclusion of leaf `leaf` in the tree of `treeSize` leaves. */
export interface BundleProofLine {
  leaf: number;
  treeSize: number;
  inclusion: string[];
}

/** A line of consistency.ndjson: the tree of `from` leaves is a prefix of the tree of `to` leaves. */
export interface BundleConsistencyLine {
  from: number;
  to: number;
  proof: string[];
}
