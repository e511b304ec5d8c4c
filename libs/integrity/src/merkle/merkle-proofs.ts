import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash';
import { type TreeSize, toBigSize } from './tree-size';

/**
 * Verification of RFC 9162 proofs, written from sections 2.1.3.2 and 2.1.4.2 step by step. All index arithmetic
 * is bigint, so any size a checkpoint can name (up to 2^64 - 1) is handled exactly. Proofs are lists of 32-byte
 * hashes, lowest level first.
 */

/** The root that `proof` leads to from leaf `leafIndex` of a tree of `treeSize` leaves, or undefined if the
 * proof cannot belong to that position (wrong length, index outside the tree, a node that is not 32 bytes). */
export function rootFromInclusionProof(
  leafIndex: TreeSize,
  treeSize: TreeSize,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  const index = toBigSize(leafIndex, 'leaf index');
  const size = toBigSize(treeSize);
  if (index >= size || leaf.length !== HASH_SIZE) return undefined;
  let fn = index;
  let sn = size - 1n;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0n) return undefined;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n ? r : undefined;
}

/** True when `proof` shows that `leaf` is leaf `leafIndex` of the tree of `treeSize` leaves with root `root`. */
export function verifyInclusion(
  leafIndex: TreeSize,
  treeSize: TreeSize,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== undefined && computed.equals(root);
}

/**
 * True when `proof` shows that the tree of `firstSize` leaves with root `firstRoot` is a prefix of the tree of
 * `secondSize` leaves with root `secondRoot`. Equal sizes need an empty proof and equal roots; a first size of 0
 * needs an empty proof and the empty-tree root.
 */
export function verifyConsistency(
  firstSize: TreeSize,
  secondSize: TreeSize,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  const first = toBigSize(firstSize, 'first tree size');
  const second = toBigSize(secondSize, 'second tree size');
  if (first > second) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  if (first === 0n) return proof.length === 0 && EMPTY_ROOT.equals(firstRoot);
  if (proof.length === 0 || proof.some((node) => node.length !== HASH_SIZE)) return false;

  // 2. if first is an exact power of two, the first root itself starts the path
  const path = (first & (first - 1n)) === 0n ? [firstRoot, ...proof] : [...proof];
  // 3.-4.
  let fn = first - 1n;
  let sn = second - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // 5.
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // 7.
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0n;
}
