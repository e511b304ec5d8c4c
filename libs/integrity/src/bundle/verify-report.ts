/** The checks of integrity format section 4, each reported on its own. */
export const VERIFY_CHECKS = [
  'manifest',
  'records',
  'chain',
  'signatures',
  'roots',
  'inclusion',
  'consistency',
] as const;
export type VerifyCheck = (typeof VERIFY_CHECKS)[number];

/** One failure, located as exactly as the check allows. */
export interface VerifyFailure {
  message: string;
  leaf?: number;
  stream?: string;
  revision?: number;
  /** what the check expected and what the bundle holds */
  expected?: string;
  found?: string;
  /** file of the bundle, and 1-based line where it applies */
  file?: string;
  line?: number;
  /** checkpoint tree size(s) involved */
  treeSize?: number;
  fromTreeSize?: number;
}

export interface CheckResult {
  /** false when the check does not apply to this bundle's scope (roots: ledger; inclusion: account) */
  applies: boolean;
  /** items checked (files, records, links, notes, roots, proofs) */
  checked: number;
  failures: number;
  /** the first failure, in bundle order */
  first?: VerifyFailure;
}

export interface VerifyReport {
  /** true when every check holds */
  ok: boolean;
  bundle: { path: string; format: string; origin: string; scope: string; treeSize: number; createdAt: string };
  counts: { records: number; streams: number; checkpoints: number; proofs: number; consistency: number; bytes: number };
  checks: Record<VerifyCheck, CheckResult>;
  /** newest checkpoint whose signature verified */
  newestCheckpoint?: { treeSize: number; rootHash: string; signedBy: string[] };
  /** records after the newest checkpoint: not failures, but not yet covered by a signed root */
  unsealed: { count: number; firstLeaf?: number };
}

export function emptyChecks(scope: string): Record<VerifyCheck, CheckResult> {
  const result = (applies = true): CheckResult => ({ applies, checked: 0, failures: 0 });
  return {
    manifest: result(),
    records: result(),
    chain: result(),
    signatures: result(),
    roots: result(scope === 'ledger'),
    inclusion: result(scope !== 'ledger'),
    consistency: result(),
  };
}
