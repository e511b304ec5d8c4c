import { hash } from 'node:crypto';
import { HASH_SIZE } from './merkle-hash';

/** The complete subtree over leaves [index * 2^level, (index + 1) * 2^level). */
export interface Subtree {
  level: number;
  index: number;
  hash: Buffer;
}

/**
 * Hashes a run of consecutive leaves on its own: for each size in `ends`, the complete subtrees that leaves
 * [start, size) split into, in the order MerkleFrontier.appendSubtree takes them (from `start` on, each time
 * the largest subtree that starts there and ends by `size`). A frontier holding the first `start` leaves, given
 * them, reaches the frontier of the first `size` leaves.
 *
 * Why: the interior nodes of a run are most of a tree's hashing (one per leaf), and they depend only on the
 * run's own leaves, so runs can be hashed in parallel (the bundle verifier's worker threads) and joined.
 *
 * @param leafHashes the 32-byte leaf hashes of leaves start, start + 1, ..., back to back
 * @param ends sizes with start < size <= start + leaf count
 */
export function rangeSubtrees(start: number, leafHashes: Uint8Array, ends: readonly number[]): Subtree[][] {
  const count = leafHashes.length / HASH_SIZE;
  if (!Number.isInteger(count)) throw new RangeError('leaf hashes are 32 bytes each');
  const end = start + count;
  for (const size of ends) {
    if (!(size > start && size <= end)) throw new RangeError(`size ${size} is not in (${start}, ${end}]`);
  }
  // levels[h] holds the nodes of height h that lie wholly inside the run: indexes firsts[h] on
  const levels: Uint8Array[] = [leafHashes];
  const firsts: number[] = [start];
  const input = Buffer.alloc(1 + 2 * HASH_SIZE);
  input[0] = 0x01;
  for (let height = 1; ; height++) {
    const span = 2 ** height;
    const first = Math.ceil(start / span);
    const nodes = Math.floor(end / span) - first;
    if (nodes <= 0) break;
    const below = levels[height - 1];
    const belowFirst = firsts[height - 1];
    const level = Buffer.allocUnsafe(nodes * HASH_SIZE);
    for (let k = 0; k < nodes; k++) {
      // the two children are next to each other one level down: copy both behind the 0x01 prefix at once
      const left = (2 * (first + k) - belowFirst) * HASH_SIZE;
      input.set(below.subarray(left, left + 2 * HASH_SIZE), 1);
      // a latin1 digest string is the cheapest way out of crypto.hash (see merkle-hash.ts)
      level.write(hash('sha256', input, 'binary'), k * HASH_SIZE, 'latin1');
    }
    levels.push(level);
    firsts.push(first);
  }
  return ends.map((size) => {
    const subtrees: Subtree[] = [];
    for (let at = start; at < size;) {
      let height = 0;
      while (height + 1 < levels.length && at % 2 ** (height + 1) === 0 && at + 2 ** (height + 1) <= size) height++;
      const index = at / 2 ** height;
      const offset = (index - firsts[height]) * HASH_SIZE;
      subtrees.push({ level: height, index, hash: Buffer.from(levels[height].subarray(offset, offset + HASH_SIZE)) });
      at += 2 ** height;
    }
    return subtrees;
  });
}
