import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import * as tar from 'tar';
import { canonicalJson } from '../canonical/canonical-json';
import { parseCheckpoint } from '../checkpoint/checkpoint';
import { parseNote } from '../checkpoint/signed-note';
import type { LedgerRecord } from '../record/ledger-record';
import {
  BUNDLE_FILES,
  BUNDLE_FORMAT,
  type BundleManifest,
  type BundleScope,
  checkpointFileName,
} from './bundle-format';

/** Where the writer takes proofs from; MerkleTreeBuilder is one. */
export interface BundleProofSource {
  inclusionProof(leafIndex: number, treeSize: number): Uint8Array[];
  consistencyProof(firstSize: number, secondSize: number): Uint8Array[];
}

export interface WriteBundleInput {
  /** the bundle directory: created, must not exist yet or be empty */
  dir: string;
  origin: string;
  scope: BundleScope;
  /** leaves in the ledger now; for scope `ledger` the records must be leaves 0..treeSize-1 */
  treeSize: number;
  /** in leaf order */
  records: Iterable<{ leaf: number; record: LedgerRecord }> | AsyncIterable<{ leaf: number; record: LedgerRecord }>;
  /** signed checkpoint notes (any order; one per tree size) */
  checkpoints: readonly string[];
  /** the ledger's verifier key, copied to ledger.vkey for convenience (a verifier never trusts it alone) */
  verifierKey: string;
  proofs: BundleProofSource;
  createdAt?: string;
  /** also pack the directory as this .tar.gz file */
  tarGzFile?: string;
}

/**
 * Writes an evidence bundle (integrity format section 4): records.ndjson (one canonical line per record), the
 * checkpoints, consistency proofs between consecutive checkpoints, for an account scope one inclusion proof
 * per record against the newest checkpoint, ledger.vkey, and manifest.json with the SHA-256 of every file.
 * Records are streamed: memory does not grow with their number.
 */
export async function writeBundle(input: WriteBundleInput): Promise<BundleManifest> {
  if (fs.existsSync(input.dir) && fs.readdirSync(input.dir).length > 0) {
    throw new Error(`${input.dir} is not empty: a bundle is written into a new directory`);
  }
  fs.mkdirSync(path.join(input.dir, BUNDLE_FILES.checkpointsDir), { recursive: true });
  const files: Record<string, string> = {};
  const write = (name: string, content: string) => {
    fs.writeFileSync(path.join(input.dir, name), content);
    files[name] = createHash('sha256').update(content).digest('hex');
  };

  const sizes = new Map<number, string>();
  for (const note of input.checkpoints) {
    const size = Number(parseCheckpoint(parseNote(note).text).treeSize);
    if (size > input.treeSize)
      throw new Error(`checkpoint of ${size} leaves is beyond the ledger size ${input.treeSize}`);
    sizes.set(size, note);
  }
  const ordered = [...sizes.keys()].sort((a, b) => a - b);
  for (const size of ordered) write(checkpointFileName(size), sizes.get(size)!);
  const newest = ordered.length > 0 ? ordered[ordered.length - 1] : 0;

  const consistency = ordered.slice(1).map((to, i) => {
    const from = ordered[i];
    const proof = input.proofs.consistencyProof(from, to).map((node) => Buffer.from(node).toString('hex'));
    return canonicalJson({ from, to, proof }) + '\n';
  });
  write(BUNDLE_FILES.consistency, consistency.join(''));

  const account = input.scope !== 'ledger';
  const records = new NdjsonFile(path.join(input.dir, BUNDLE_FILES.records));
  const proofs = account ? new NdjsonFile(path.join(input.dir, BUNDLE_FILES.proofs)) : undefined;
  let count = 0;
  let proofCount = 0;
  let expectedLeaf = 0;
  for await (const { leaf, record } of input.records) {
    if (account ? leaf < expectedLeaf : leaf !== expectedLeaf)
      throw new Error(`records are not in leaf order at leaf ${leaf}`);
    expectedLeaf = leaf + 1;
    records.writeLine(`{"leaf":${leaf},"record":${canonicalJson(record)}}`);
    count++;
    if (proofs && leaf < newest) {
      const inclusion = input.proofs.inclusionProof(leaf, newest).map((node) => Buffer.from(node).toString('hex'));
      proofs.writeLine(canonicalJson({ inclusion, leaf, treeSize: newest }));
      proofCount++;
    }
  }
  if (!account && count !== input.treeSize)
    throw new Error(`a ledger bundle holds all ${input.treeSize} leaves, not ${count}`);
  files[BUNDLE_FILES.records] = records.close();
  if (proofs) files[BUNDLE_FILES.proofs] = proofs.close();
  write(BUNDLE_FILES.verifierKey, input.verifierKey.trim() + '\n');

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    origin: input.origin,
    createdAt: input.createdAt ?? new Date().toISOString(),
    scope: input.scope,
    treeSize: input.treeSize,
    counts: { records: count, checkpoints: ordered.length, proofs: proofCount, consistency: consistency.length },
    files: Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
  fs.writeFileSync(path.join(input.dir, BUNDLE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  if (input.tarGzFile !== undefined) {
    await tar.c({ gzip: true, file: input.tarGzFile, cwd: input.dir, portable: true }, fs.readdirSync(input.dir));
  }
  return manifest;
}

/** Buffered line writer that hashes what it writes. */
class NdjsonFile {
  private readonly fd: number;
  private readonly digest = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  writeLine(line: string): void {
    this.pending.push(line, '\n');
    this.pendingLength += line.length + 1;
    if (this.pendingLength > 1 << 20) this.flush();
  }

  close(): string {
    this.flush();
    fs.closeSync(this.fd);
    return this.digest.digest('hex');
  }

  private flush(): void {
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    fs.writeSync(this.fd, chunk);
    this.digest.update(chunk);
    this.pending = [];
    this.pendingLength = 0;
  }
}
