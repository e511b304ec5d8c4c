import { EMPTY_ROOT, nodeHash } from './merkle-hash';

/**
 * The right edge of an RFC 9162 tree: one complete subtree hash per set bit of the size (at most 64), enough to
 * append a leaf and to give the current root. Memory is O(log n) whatever the number of leaves; the bundle
 * verifier uses it to recompute roots while streaming records. Sizes stay numbers: a frontier grows one leaf
 * at a time, so it cannot reach 2^53.
 */
export class MerkleFrontier {
  /** nodes[level]: the complete subtree of height `level` waiting for its right sibling, if bit `level` of size is set */
  private readonly nodes: (Buffer | undefined)[] = [];
  private leaves = 0;

  get size(): number {
    return this.leaves;
  }

  /**
   * Appends a leaf hash. `onComplete(level, index, hash)` is told about every complete subtree the leaf
   * finishes, its own leaf (level 0) first, so a store can keep the ones it wants.
   */
  append(leaf: Uint8Array, onComplete?: (level: number, index: number, hash: Buffer) => void): void {
    let hash: Buffer = Buffer.from(leaf);
    let index = this.leaves;
    let level = 0;
    onComplete?.(0, index, hash);
    while (index % 2 === 1) {
      hash = nodeHash(this.nodes[level]!, hash);
      this.nodes[level] = undefined;
      level++;
      index = (index - 1) / 2;
      onComplete?.(level, index, hash);
    }
    this.nodes[level] = hash;
    this.leaves++;
  }

  /**
   * Appends the 2^level leaves whose complete subtree hash is `subtree`, as `2^level` calls of append would
   * (without telling about the nodes inside it). The size must be a multiple of 2^level: that is where such a
   * subtree starts. Lets the leaves of a range be hashed elsewhere (a worker thread) and joined here.
   */
  appendSubtree(level: number, subtree: Uint8Array): void {
    const span = 2 ** level;
    if (this.leaves % span !== 0)
      throw new RangeError(`a subtree of ${span} leaves cannot start at leaf ${this.leaves}`);
    let hash: Buffer = Buffer.from(subtree);
    let index = this.leaves / span;
    let height = level;
    while (index % 2 === 1) {
      hash = nodeHash(this.nodes[height]!, hash);
      this.nodes[height] = undefined;
      height++;
      index = (index - 1) / 2;
    }
    this.nodes[height] = hash;
    this.leaves += span;
  }

  /** An independent copy (to look at the root a few leaves further on). */
  clone(): MerkleFrontier {
    const copy = new MerkleFrontier();
    copy.nodes.push(...this.nodes);
    copy.leaves = this.leaves;
    return copy;
  }

  /** Sets an empty frontier to `size` leaves given its complete subtrees (one per set bit of size). */
  restore(size: number, subtrees: { level: number; hash: Buffer }[]): void {
    if (this.leaves !== 0) throw new Error('only an empty frontier can be restored');
    let covered = 0;
    for (const { level, hash } of subtrees) {
      this.nodes[level] = hash;
      covered += 2 ** level;
    }
    if (covered !== size) throw new RangeError(`subtrees cover ${covered} leaves, not ${size}`);
    this.leaves = size;
  }

  /** MTH of all leaves so far: the complete subtrees folded from the smallest (rightmost) up. */
  root(): Buffer {
    let root: Buffer | undefined;
    for (const node of this.nodes) {
      if (node === undefined) continue;
      root = root === undefined ? node : nodeHash(node, root);
    }
    return root ?? EMPTY_ROOT;
  }
}
