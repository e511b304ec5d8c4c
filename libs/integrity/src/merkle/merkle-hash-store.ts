import { HASH_SIZE } from './merkle-hash';

/**
 * Where a Merkle tree keeps the complete subtree hashes later proofs need. Following the "tiles" idea of
 * transparency-dev (tlog tiles), only every `tileHeight`-th level of the tree is stored: stored level s holds,
 * in order, the hash of every complete subtree of height s * tileHeight (stored level 0 holds the leaf hashes).
 * Any other complete node is recomputed from at most 2^(tileHeight-1) hashes of the stored level below it.
 * Hashes are only ever appended, so an implementation can persist them as append-only files or rows.
 */
export interface MerkleHashStore {
  /** how many hashes stored level `storedLevel` holds */
  count(storedLevel: number): number;
  /** appends the next hash of stored level `storedLevel` (its index is count(storedLevel) before the call) */
  append(storedLevel: number, hash: Uint8Array): void;
  /** hash `index` of stored level `storedLevel`; the result may share memory with the store: do not modify it */
  read(storedLevel: number, index: number): Uint8Array;
}

const HASHES_PER_CHUNK = 1 << 16;

/**
 * Hashes in memory, packed in 2 MiB buffers so that 10^8 leaves (about 3.4 GB with tile height 4) stay outside
 * the JavaScript heap and cost no per-hash object.
 */
export class InMemoryMerkleHashStore implements MerkleHashStore {
  private readonly levels: { chunks: Buffer[]; count: number }[] = [];

  count(storedLevel: number): number {
    return this.levels[storedLevel]?.count ?? 0;
  }

  append(storedLevel: number, hash: Uint8Array): void {
    if (hash.length !== HASH_SIZE) throw new RangeError('stored hashes are 32 bytes');
    while (this.levels.length <= storedLevel) this.levels.push({ chunks: [], count: 0 });
    const level = this.levels[storedLevel];
    const offset = level.count % HASHES_PER_CHUNK;
    if (offset === 0) level.chunks.push(Buffer.allocUnsafe(HASHES_PER_CHUNK * HASH_SIZE));
    level.chunks[level.chunks.length - 1].set(hash, offset * HASH_SIZE);
    level.count++;
  }

  read(storedLevel: number, index: number): Uint8Array {
    const level = this.levels[storedLevel];
    if (level === undefined || !Number.isInteger(index) || index < 0 || index >= level.count) {
      throw new RangeError(`no hash ${index} at stored level ${storedLevel}`);
    }
    const chunk = level.chunks[Math.floor(index / HASHES_PER_CHUNK)];
    const start = (index % HASHES_PER_CHUNK) * HASH_SIZE;
    return chunk.subarray(start, start + HASH_SIZE);
  }
}
