import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './merkle-hash';
import { InMemoryMerkleHashStore, type MerkleHashStore } from './merkle-hash-store';
import { MerkleFrontier } from './merkle-frontier';
import { type TreeSize, largestPowerOfTwoBelow, toSafeSize } from './tree-size';

export interface MerkleTreeBuilderOptions {
  /** where complete subtree hashes are kept; default in memory */
  store?: MerkleHashStore;
  /** levels per tile: every tileHeight-th level is stored (default 4: 1/15 extra over the leaf hashes, and no
   * node costs more than 15 hashes to recompute) */
  tileHeight?: number;
}

/**
 * An RFC 9162 Merkle tree that grows one leaf at a time (amortised O(1), worst case O(log n) hashes per append)
 * and answers for any past size: roots, inclusion proofs (2.1.3.1) and consistency proofs (2.1.4.1), all from
 * the hashes its store keeps. Sizes and indexes are accepted as bigint or number, and must stay below 2^53.
 *
 * @example
 *   const tree = new MerkleTreeBuilder();
 *   for (const record of records) tree.append(Buffer.from(hashRecord(record), 'hex'));
 *   const proof = tree.inclusionProof(5, tree.size); // verifyInclusion(5, tree.size, leaf5, proof, tree.root())
 */
export class MerkleTreeBuilder {
  private readonly store: MerkleHashStore;
  private readonly tileHeight: number;
  private readonly frontier = new MerkleFrontier();

  constructor(options: MerkleTreeBuilderOptions = {}) {
    this.store = options.store ?? new InMemoryMerkleHashStore();
    this.tileHeight = options.tileHeight ?? 4;
    if (!Number.isInteger(this.tileHeight) || this.tileHeight < 1 || this.tileHeight > 16) {
      throw new RangeError('tileHeight must be a whole number from 1 to 16');
    }
    // Reopening a persisted store: replay the stored leaf hashes' right edge into the frontier.
    const existing = this.store.count(0);
    if (existing > 0) this.restoreFrontier(existing);
  }

  /** number of leaves */
  get size(): number {
    return this.frontier.size;
  }

  /** Appends a leaf hash (for a ledger record: the record hash, 32 bytes). */
  append(leaf: Uint8Array): void {
    if (leaf.length !== HASH_SIZE) throw new RangeError('a leaf hash is 32 bytes');
    this.frontier.append(leaf, (level, index, hash) => {
      if (level % this.tileHeight === 0) this.store.append(level / this.tileHeight, hash);
    });
  }

  /** The leaf hash at `index`. */
  leaf(index: TreeSize): Buffer {
    const i = toSafeSize(index, 'leaf index');
    if (i >= this.size) throw new RangeError(`leaf ${i} is not in a tree of ${this.size} leaves`);
    return Buffer.from(this.store.read(0, i));
  }

  /** MTH of the first `treeSize` leaves (default: all of them). */
  root(treeSize: TreeSize = this.size): Buffer {
    const n = this.checkedSize(treeSize);
    if (n === this.size) return this.frontier.root();
    return n === 0 ? EMPTY_ROOT : this.rangeHash(0, n);
  }

  /** PATH(m, D[n]) of RFC 9162 section 2.1.3.1: sibling hashes from leaf `leafIndex` up, lowest level first. */
  inclusionProof(leafIndex: TreeSize, treeSize: TreeSize): Buffer[] {
    const n = this.checkedSize(treeSize);
    const m = toSafeSize(leafIndex, 'leaf index');
    if (m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n} leaves`);
    const path: Buffer[] = [];
    // Walk down from the whole tree to the leaf, collecting siblings top first; reversed at the end.
    let lo = 0;
    let hi = n;
    while (hi - lo > 1) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (m < lo + k) {
        path.push(this.rangeHash(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.rangeHash(lo, lo + k));
        lo += k;
      }
    }
    return path.reverse();
  }

  /** PROOF(m, D[n]) of RFC 9162 section 2.1.4.1, lowest level first; empty when m is 0 or m equals n. */
  consistencyProof(firstSize: TreeSize, secondSize: TreeSize): Buffer[] {
    const n = this.checkedSize(secondSize);
    let m = toSafeSize(firstSize, 'first tree size');
    if (m > n) throw new RangeError(`a tree of ${m} leaves cannot be a prefix of one of ${n}`);
    if (m === 0 || m === n) return [];
    // SUBPROOF(m, D[lo:hi], b) unrolled: descend, collecting the hashes the recursion appends, top first.
    const path: Buffer[] = [];
    let lo = 0;
    let hi = n;
    let whole = true;
    while (m !== hi - lo) {
      const k = largestPowerOfTwoBelow(hi - lo);
      if (m <= k) {
        path.push(this.rangeHash(lo + k, hi));
        hi = lo + k;
      } else {
        path.push(this.rangeHash(lo, lo + k));
        lo += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) path.push(this.rangeHash(lo, hi));
    return path.reverse();
  }

  private checkedSize(treeSize: TreeSize): number {
    const n = toSafeSize(treeSize);
    if (n > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${n}`);
    return n;
  }

  /** MTH(D[lo:hi]) for a range the RFC recursion produces (hi > lo). */
  private rangeHash(lo: number, hi: number): Buffer {
    const n = hi - lo;
    if ((n & (n - 1)) === 0 && n <= 2 ** 30 && lo % n === 0) {
      return this.completeNode(Math.log2(n), lo / n);
    }
    const k = largestPowerOfTwoBelow(n);
    return nodeHash(this.rangeHash(lo, lo + k), this.rangeHash(lo + k, hi));
  }

  /** The complete subtree of height `level` covering leaves [index * 2^level, (index + 1) * 2^level). */
  private completeNode(level: number, index: number): Buffer {
    const base = level - (level % this.tileHeight);
    const storedLevel = base / this.tileHeight;
    const width = 2 ** (level - base);
    if (width === 1) return Buffer.from(this.store.read(storedLevel, index));
    let row: Uint8Array[] = [];
    for (let i = 0; i < width; i++) row.push(this.store.read(storedLevel, index * width + i));
    while (row.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < row.length; i += 2) next.push(nodeHash(row[i], row[i + 1]));
      row = next;
    }
    return Buffer.from(row[0]);
  }

  private restoreFrontier(size: number): void {
    // The frontier of size n holds one complete node per set bit of n, from the left edge rightwards; they
    // are recomputed from the store. Private state is rebuilt by appending them as a compact range.
    const nodes: { level: number; hash: Buffer }[] = [];
    let offset = 0;
    for (let level = 52; level >= 0; level--) {
      const width = 2 ** level;
      if (size - offset >= width) {
        nodes.push({ level, hash: this.completeNode(level, offset / width) });
        offset += width;
      }
    }
    this.frontier.restore(size, nodes);
  }
}
