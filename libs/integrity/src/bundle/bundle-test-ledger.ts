import { createHash } from 'node:crypto';
import { type NoteSigner } from '../checkpoint/note-keys';
import { signCheckpoint } from '../checkpoint/checkpoint';
import { nextLink } from '../chain/stream-chain';
import type { LedgerRecord } from '../record/ledger-record';
import { hashRecord } from '../record/record-hash';
import { MerkleTreeBuilder } from '../merkle/merkle-tree-builder';

/**
 * A small, deterministic ledger for tests and benchmarks: `count` records spread round-robin over `streams`
 * streams (`account-<n>`), each correctly chained, the Merkle tree over them, and signed checkpoints at the
 * given sizes. Not test-only code in spirit: it is also how the verify benchmark makes its bundle.
 */
export function buildTestLedger(options: {
  count: number;
  streams: number;
  signer: NoteSigner;
  origin: string;
  checkpointSizes: number[];
}): {
  records: { leaf: number; record: LedgerRecord; hash: string }[];
  tree: MerkleTreeBuilder;
  checkpoints: string[];
} {
  const heads = new Map<string, { record: LedgerRecord; hash: string }>();
  const tree = new MerkleTreeBuilder();
  const records: { leaf: number; record: LedgerRecord; hash: string }[] = [];
  const checkpoints: string[] = [];
  for (let leaf = 0; leaf < options.count; leaf++) {
    const stream = `account-${leaf % options.streams}`;
    const record = testRecord(stream, leaf, nextLink(heads.get(stream)));
    const hash = hashRecord(record);
    heads.set(stream, { record, hash });
    records.push({ leaf, record, hash });
    tree.append(Buffer.from(hash, 'hex'));
    if (options.checkpointSizes.includes(tree.size)) {
      checkpoints.push(
        signCheckpoint({ origin: options.origin, treeSize: BigInt(tree.size), rootHash: tree.root() }, [
          options.signer,
        ]),
      );
    }
  }
  return { records, tree, checkpoints };
}

/** A plausible access record, the same for the same (stream, leaf). */
export function testRecord(
  stream: string,
  leaf: number,
  link: { revision: number; prev: string | null },
): LedgerRecord {
  const id = createHash('sha256').update(`${stream}/${leaf}`).digest('hex');
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-4${id.slice(13, 16)}-8${id.slice(17, 20)}-${id.slice(20, 32)}`;
  const at = new Date(Date.UTC(2026, 11, 1) + leaf * 1000).toISOString();
  return {
    v: 1,
    stream,
    revision: link.revision,
    id: uuid,
    type: 'AccessRecorded',
    schema: 1,
    recordedAt: at,
    data: {
      ip: `203.0.113.${leaf % 250}`,
      at,
      kind: 'access',
      action: 'console-login',
      credentialId: `cred-${leaf % 97}`,
    },
    meta: { actor: 'svc-iam', correlationId: uuid },
    prev: link.prev,
  };
}
