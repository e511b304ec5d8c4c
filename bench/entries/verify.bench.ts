import path from 'node:path';
import { hash } from 'node:crypto';
import {
  LineReader,
  MerkleTreeBuilder,
  generateNoteKey,
  hashRecord,
  nextLink,
  parseVerifierKey,
  signCheckpoint,
  verifyBundle,
  writeBundle,
  type LedgerRecord,
} from '@cip/integrity';
import { testRecord } from '@cip/integrity/bundle/bundle-test-ledger';
import { defaultVerifyWorkers } from '@cip/integrity/bundle/record-lines-pool';
import { type BenchEntry, round, secondsSince } from '../bench-entry';

const ORIGIN = 'bench.example/cip-ledger';
const STREAMS = 10_000;
const CHECKPOINT_EVERY = 100_000;

/** The same records twice without keeping them: pass 1 builds tree and checkpoints, pass 2 feeds the writer. */
function* ledgerRecords(count: number): Generator<{ leaf: number; record: LedgerRecord; hash: string }> {
  const heads = new Map<string, { record: LedgerRecord; hash: string }>();
  for (let leaf = 0; leaf < count; leaf++) {
    const stream = `access-${leaf % STREAMS}`;
    const record = testRecord(stream, leaf, nextLink(heads.get(stream)));
    const recordHash = hashRecord(record);
    heads.set(stream, { record, hash: recordHash });
    yield { leaf, record, hash: recordHash };
  }
}

/** The hashing limit: SHA-256(0x00 || record bytes) of every record of records.ndjson, read the same way. */
function rawSha256(file: string): number {
  const reader = new LineReader(file);
  let count = 0;
  const recordStart = '{"leaf":'.length;
  for (let line = reader.next(); line !== undefined; line = reader.next()) {
    // `{"leaf":N,"record":{...}}`: the record's canonical bytes sit between `"record":` and the last `}`
    const start = line.indexOf(58, line.indexOf(44, recordStart)) + 1; // ':' after the ',' that ends leaf
    const bytes = line.subarray(start - 1, line.length - 1);
    bytes[0] = 0; // the ':' before the record becomes the 0x00 leaf prefix: no copy
    hash('sha256', bytes, 'buffer');
    count++;
  }
  return count;
}

export const entry: BenchEntry = {
  key: 'verify',
  description: 'offline verification of a full bundle vs bare SHA-256 over the same canonical bytes',
  async run({ events, workDir }) {
    const key = generateNoteKey(ORIGIN);
    const tree = new MerkleTreeBuilder();
    const checkpoints: string[] = [];
    for (const { hash: recordHash } of ledgerRecords(events)) {
      tree.append(Buffer.from(recordHash, 'hex'));
      if (tree.size % CHECKPOINT_EVERY === 0 || tree.size === events) {
        checkpoints.push(
          signCheckpoint({ origin: ORIGIN, treeSize: BigInt(tree.size), rootHash: tree.root() }, [key.signer]),
        );
      }
    }
    const dir = path.join(workDir, 'bundle');
    await writeBundle({
      dir,
      origin: ORIGIN,
      scope: 'ledger',
      treeSize: events,
      records: ledgerRecords(events),
      checkpoints,
      verifierKey: key.verifierKey,
      proofs: tree,
    });
    const records = path.join(dir, 'records.ndjson');
    const trustedKeys = [parseVerifierKey(key.verifierKey)];

    let bestVerify = Infinity;
    let bestRaw = Infinity;
    let bytes = 0;
    // round 0 warms up both; rounds 1-2 are measured, alternating, best of each kept (the machine is shared)
    for (let round_ = 0; round_ < 3; round_++) {
      let start = process.hrtime.bigint();
      if (rawSha256(records) !== events) throw new Error('raw pass miscounted');
      const raw = secondsSince(start);
      start = process.hrtime.bigint();
      const report = await verifyBundle(dir, { trustedKeys });
      const verify = secondsSince(start);
      if (!report.ok) throw new Error(`the bench bundle does not verify: ${JSON.stringify(report.checks)}`);
      bytes = report.counts.bytes;
      if (round_ > 0) {
        bestRaw = Math.min(bestRaw, raw);
        bestVerify = Math.min(bestVerify, verify);
      }
    }
    return {
      records: events,
      streams: Math.min(STREAMS, events),
      bundle_mb: round(bytes / 2 ** 20, 1),
      records_per_s: Math.round(events / bestVerify),
      raw_sha256_per_s: Math.round(events / bestRaw),
      ratio_to_raw: round(bestRaw / bestVerify, 3),
      // the verifier checks and hashes records in worker threads (one per core, for a file over 64 MiB) beside
      // the calling thread; the raw loop is one thread
      verify_workers: defaultVerifyWorkers(bytes),
      samples: 2,
    };
  },
};
