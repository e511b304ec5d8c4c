import fc from 'fast-check';
import { leafHash } from './merkle-hash';
import { MerkleFrontier } from './merkle-frontier';
import { rangeSubtrees } from './merkle-range';
import { MerkleTreeBuilder } from './merkle-tree-builder';

const leaves = Array.from({ length: 80 }, (_, i) => leafHash(`leaf ${i}`));
const tree = new MerkleTreeBuilder();
for (const leaf of leaves) tree.append(leaf);

/** A frontier of the first `size` leaves, one append at a time. */
function frontierOf(size: number): MerkleFrontier {
  const frontier = new MerkleFrontier();
  for (let i = 0; i < size; i++) frontier.append(leaves[i]);
  return frontier;
}

describe('Merkle runs hashed on their own and joined (the verifier workers)', () => {
  it('reaches the root of every size from every start, the run split into subtrees as a frontier takes them', () => {
    for (let start = 0; start < 40; start++) {
      const ends = Array.from({ length: 80 - start }, (_, k) => start + k + 1);
      const subtrees = rangeSubtrees(start, Buffer.concat(leaves.slice(start)), ends);
      ends.forEach((size, k) => {
        const frontier = frontierOf(start);
        for (const node of subtrees[k]) frontier.appendSubtree(node.level, node.hash);
        expect(frontier.size).toBe(size);
        expect(frontier.root().toString('hex')).toBe(tree.root(size).toString('hex'));
      });
    }
  });

  it('joins runs of any lengths one after the other, with clones looking ahead at sizes inside a run', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 12 }), (lengths) => {
        const frontier = new MerkleFrontier();
        let start = 0;
        for (const length of lengths) {
          const end = Math.min(start + length, leaves.length);
          if (end === start) break;
          const inside = start + 1 < end ? [start + 1] : [];
          const subtrees = rangeSubtrees(start, Buffer.concat(leaves.slice(start, end)), [...inside, end]);
          if (inside.length > 0) {
            const ahead = frontier.clone();
            for (const node of subtrees[0]) ahead.appendSubtree(node.level, node.hash);
            expect(ahead.root().equals(tree.root(start + 1))).toBe(true);
          }
          for (const node of subtrees[inside.length]) frontier.appendSubtree(node.level, node.hash);
          expect(frontier.root().equals(tree.root(end))).toBe(true);
          start = end;
        }
      }),
    );
  });

  it('refuses a subtree where none starts, and sizes outside the run', () => {
    const frontier = frontierOf(3);
    expect(() => frontier.appendSubtree(1, leaves[0])).toThrow(RangeError);
    expect(() => rangeSubtrees(4, Buffer.concat(leaves.slice(4, 8)), [9])).toThrow(RangeError);
    expect(() => rangeSubtrees(4, Buffer.concat(leaves.slice(4, 8)), [4])).toThrow(RangeError);
  });
});
