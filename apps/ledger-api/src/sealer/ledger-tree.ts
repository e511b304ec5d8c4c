import { MerkleTreeBuilder } from '@cip/integrity';

const POSITIONS_PER_CHUNK = 1 << 16;

/**
 * The ledger log as an RFC 9162 Merkle tree (integrity's builder), plus the global position of each leaf so a
 * record found by stream and revision can be mapped to its leaf index. Positions are kept in packed 64-bit
 * chunks (8 bytes a leaf, outside the JavaScript heap) because the log only grows and they only increase,
 * which makes the lookup a binary search.
 */
export class LedgerTree {
  private readonly tree = new MerkleTreeBuilder();
  private readonly chunks: BigUint64Array[] = [];
  private lastPosition: bigint | null = null;

  get size(): number {
    return this.tree.size;
  }

  /** position of the newest leaf, or null when empty */
  get headPosition(): bigint | null {
    return this.lastPosition;
  }

  /** Adds the record at `position` (which must be after every earlier leaf's) with its hash (64 hex digits). */
  append(position: bigint, hash: string): void {
    if (this.lastPosition !== null && position <= this.lastPosition) {
      throw new Error(`log position ${position} is not after ${this.lastPosition}: the log went backwards`);
    }
    const index = this.tree.size;
    this.tree.append(Buffer.from(hash, 'hex'));
    if (index % POSITIONS_PER_CHUNK === 0) this.chunks.push(new BigUint64Array(POSITIONS_PER_CHUNK));
    this.chunks[this.chunks.length - 1][index % POSITIONS_PER_CHUNK] = position;
    this.lastPosition = position;
  }

  /** The leaf index of the record at `position`, or undefined when no leaf has it (yet). */
  leafIndexOf(position: bigint): number | undefined {
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.positionOf(mid);
      if (at === position) return mid;
      if (at < position) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  leafHash(index: number): Buffer {
    return this.tree.leaf(index);
  }

  root(treeSize: number = this.size): Buffer {
    return this.tree.root(treeSize);
  }

  inclusionProof(leafIndex: number, treeSize: number): Buffer[] {
    return this.tree.inclusionProof(leafIndex, treeSize);
  }

  consistencyProof(firstSize: number, secondSize: number): Buffer[] {
    return this.tree.consistencyProof(firstSize, secondSize);
  }

  private positionOf(index: number): bigint {
    return this.chunks[Math.floor(index / POSITIONS_PER_CHUNK)][index % POSITIONS_PER_CHUNK];
  }
}
