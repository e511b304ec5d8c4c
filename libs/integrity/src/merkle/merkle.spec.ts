import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { EMPTY_ROOT, leafHash } from './merkle-hash';
import { InMemoryMerkleHashStore } from './merkle-hash-store';
import { MerkleFrontier } from './merkle-frontier';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './merkle-proofs';
import { MerkleTreeBuilder } from './merkle-tree-builder';

// ---- An independent reference: RFC 9162 section 2.1 transcribed as literally as possible (full recursion). ----
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1); // largest power of two smaller than n (n > 1)
function MTH(D: Buffer[]): Buffer {
  if (D.length === 0) return sha();
  if (D.length === 1) return sha(Buffer.from([0]), D[0]);
  return sha(Buffer.from([1]), MTH(D.slice(0, k(D.length))), MTH(D.slice(k(D.length))));
}
function PATH(m: number, D: Buffer[]): Buffer[] {
  if (D.length === 1) return [];
  const split = k(D.length);
  return m < split
    ? [...PATH(m, D.slice(0, split)), MTH(D.slice(split))]
    : [...PATH(m - split, D.slice(split)), MTH(D.slice(0, split))];
}
function SUBPROOF(m: number, D: Buffer[], b: boolean): Buffer[] {
  if (m === D.length) return b ? [] : [MTH(D)];
  const split = k(D.length);
  return m <= split
    ? [...SUBPROOF(m, D.slice(0, split), b), MTH(D.slice(split))]
    : [...SUBPROOF(m - split, D.slice(split), false), MTH(D.slice(0, split))];
}
const PROOF = (m: number, D: Buffer[]) => (m === 0 || m === D.length ? [] : SUBPROOF(m, D, true));
// ---------------------------------------------------------------------------------------------------------

const leafData = (i: number) => Buffer.from(`leaf ${i}`);
const hex = (list: Buffer[]) => list.map((node) => node.toString('hex'));

function buildTree(n: number, tileHeight?: number): MerkleTreeBuilder {
  const tree = new MerkleTreeBuilder({ tileHeight });
  for (let i = 0; i < n; i++) tree.append(leafHash(leafData(i)));
  return tree;
}

describe('RFC 9162 Merkle tree against the naive reference', () => {
  const N = 70;
  const D = Array.from({ length: N }, (_, i) => leafData(i));
  const tree = buildTree(N, 2);

  it('the empty tree has root SHA-256() and a one-leaf tree the leaf hash', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(new MerkleTreeBuilder().root().equals(EMPTY_ROOT)).toBe(true);
    expect(
      buildTree(1)
        .root()
        .equals(sha(Buffer.from([0]), D[0])),
    ).toBe(true);
  });

  it('gives the root of every size 0..70, also as a past size and from a growing frontier', () => {
    const frontier = new MerkleFrontier();
    for (let n = 0; n <= N; n++) {
      const expected = MTH(D.slice(0, n)).toString('hex');
      expect(tree.root(n).toString('hex')).toBe(expected);
      expect(buildTree(n).root().toString('hex')).toBe(expected);
      expect(frontier.root().toString('hex')).toBe(expected);
      if (n < N) frontier.append(leafHash(D[n]));
    }
  });

  it('gives the RFC inclusion proof of every leaf of every size 1..70, and it verifies', () => {
    for (let n = 1; n <= N; n++) {
      const root = MTH(D.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        expect(hex(proof)).toEqual(hex(PATH(m, D.slice(0, n))));
        expect(verifyInclusion(m, n, leafHash(D[m]), proof, root)).toBe(true);
      }
    }
  });

  it('gives the RFC consistency proof for every pair of sizes 0 <= m <= n <= 70, and it verifies', () => {
    for (let n = 0; n <= N; n++) {
      const second = MTH(D.slice(0, n));
      for (let m = 0; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(hex(proof)).toEqual(hex(PROOF(m, D.slice(0, n))));
        expect(verifyConsistency(m, n, MTH(D.slice(0, m)), second, proof)).toBe(true);
      }
    }
  });

  it('gives the same answers whatever the tile height', () => {
    for (const height of [1, 3, 4, 8]) {
      const other = buildTree(N, height);
      expect(other.root(37).equals(tree.root(37))).toBe(true);
      expect(hex(other.inclusionProof(33, 70))).toEqual(hex(tree.inclusionProof(33, 70)));
      expect(hex(other.consistencyProof(21, 67))).toEqual(hex(tree.consistencyProof(21, 67)));
    }
  });

  it('reopens a persisted store and carries on', () => {
    const store = new InMemoryMerkleHashStore();
    const first = new MerkleTreeBuilder({ store, tileHeight: 2 });
    for (let i = 0; i < 45; i++) first.append(leafHash(D[i]));
    const reopened = new MerkleTreeBuilder({ store, tileHeight: 2 });
    expect(reopened.size).toBe(45);
    for (let i = 45; i < N; i++) reopened.append(leafHash(D[i]));
    expect(reopened.root().equals(MTH(D))).toBe(true);
    expect(reopened.leaf(44).equals(leafHash(D[44]))).toBe(true);
  });
});

describe('proof verification refuses what is wrong (properties)', () => {
  const SIZE = 300;
  const tree = buildTree(SIZE, 3);
  const leaves = Array.from({ length: SIZE }, (_, i) => leafHash(leafData(i)));
  const flip = (bytes: Buffer, at: number, bit: number) => {
    const copy = Buffer.from(bytes);
    copy[at % copy.length] ^= 1 << bit;
    return copy;
  };
  const sizeAndIndex = fc
    .integer({ min: 1, max: SIZE })
    .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));

  it('every inclusion proof verifies; a flipped byte, another index or another size fails', () => {
    fc.assert(
      fc.property(sizeAndIndex, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.nat(), ([n, m], at, bit, other) => {
        const proof = tree.inclusionProof(m, n);
        const root = tree.root(n);
        expect(verifyInclusion(BigInt(m), BigInt(n), leaves[m], proof, root)).toBe(true);
        expect(verifyInclusion(m, n, flip(leaves[m], at, bit), proof, root)).toBe(false);
        expect(verifyInclusion(m, n, leaves[m], proof, flip(root, at, bit))).toBe(false);
        if (proof.length > 0) {
          const which = at % proof.length;
          const tampered = proof.map((node, i) => (i === which ? flip(node, at, bit) : node));
          expect(verifyInclusion(m, n, leaves[m], tampered, root)).toBe(false);
          expect(verifyInclusion(m, n, leaves[m], proof.slice(1), root)).toBe(false);
        }
        const otherIndex = other % n;
        if (otherIndex !== m) expect(verifyInclusion(otherIndex, n, leaves[m], proof, root)).toBe(false);
        const otherSize = 1 + (other % SIZE);
        // another size is checked against that size's root, as a signed checkpoint would give it
        if (otherSize !== n && m < otherSize) {
          expect(verifyInclusion(m, otherSize, leaves[m], proof, tree.root(otherSize))).toBe(false);
        }
        expect(verifyInclusion(m, n, leaves[m], [...proof, root], root)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('every consistency proof verifies; a flipped byte or other sizes fail', () => {
    const sizes = fc
      .integer({ min: 1, max: SIZE })
      .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));
    fc.assert(
      fc.property(sizes, fc.nat(), fc.integer({ min: 0, max: 7 }), fc.nat(), ([m, n], at, bit, other) => {
        const proof = tree.consistencyProof(m, n);
        const first = tree.root(m);
        const second = tree.root(n);
        expect(verifyConsistency(BigInt(m), n, first, second, proof)).toBe(true);
        expect(verifyConsistency(m, n, flip(first, at, bit), second, proof)).toBe(false);
        expect(verifyConsistency(m, n, first, flip(second, at, bit), proof)).toBe(false);
        if (proof.length > 0) {
          const which = at % proof.length;
          const tampered = proof.map((node, i) => (i === which ? flip(node, at, bit) : node));
          expect(verifyConsistency(m, n, first, second, tampered)).toBe(false);
        }
        const otherFirst = 1 + (other % n);
        if (otherFirst !== m) {
          expect(verifyConsistency(otherFirst, n, tree.root(otherFirst), second, proof)).toBe(false);
        }
        const otherSecond = m + (other % (SIZE - m + 1));
        if (otherSecond !== n) {
          expect(verifyConsistency(m, otherSecond, first, tree.root(otherSecond), proof)).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles sizes beyond 2^53 exactly in verification and refuses unsafe numbers', () => {
    const size = (1n << 60n) + 3n;
    const leaf = leafHash('x');
    // leaf size-1 of a tree of 2^60 + 3 leaves: its path is the 2-leaf subtree sibling, then the 2^60 subtree
    const sibling = leafHash('y');
    const big = leafHash('big');
    const proof = [leafHash('w'), big];
    const root = rootFromInclusionProof(size - 1n, size, leaf, proof)!;
    expect(root).toBeDefined();
    expect(verifyInclusion(size - 1n, size, leaf, proof, root)).toBe(true);
    expect(verifyInclusion(size - 2n, size, leaf, proof, root)).toBe(false);
    expect(() => verifyInclusion(2 ** 60, 2 ** 61, leaf, proof, root)).toThrow(RangeError);
    expect(() => verifyInclusion(0.5, 2, leaf, [sibling], root)).toThrow(RangeError);
    expect(() => tree.inclusionProof(2n ** 53n, 2n ** 54n)).toThrow(RangeError);
  });
});
