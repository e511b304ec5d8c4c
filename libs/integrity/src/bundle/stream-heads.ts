import { HASH_SIZE } from '../merkle/merkle-hash';

/** A broken link of a stream chain, as the verifier reports it. */
export interface StreamLinkBreak {
  problem: 'revision' | 'prev';
  /** what the stream's previous record implies, and what the record holds */
  expected: string;
  found: string;
  /** the leaf of the stream's previous record, when it had one */
  previousLeaf?: number;
}

const WORDS = HASH_SIZE / 4;

/**
 * Follows every stream's hash chain (integrity format section 1.2) with the same rules as StreamChainTracker:
 * revision 0 has prev null, revision n > 0 has prev = hash(revision n - 1), no gaps, and after a break the chain
 * goes on from the record as found. The difference is the form of the hashes: 32 bytes each, read straight from
 * the runs the verifier's workers send back (as 32-bit words, so a link is 8 comparisons), where the tracker
 * takes hex strings. Why: the verifier follows every record of a bundle in one thread, and strings per record
 * (made, sent between threads, compared) cost it more than the rest of following a record. Memory: one slot
 * (a name, 48 bytes) per stream.
 */
export class StreamHeads {
  private readonly slots = new Map<string, number>();
  private hashes = new Uint32Array(WORDS * 1024);
  private revisions = new Float64Array(1024);
  private leaves = new Float64Array(1024);

  get streamCount(): number {
    return this.slots.size;
  }

  /**
   * Checks a record against its stream's head and makes it the new head. `prevs` and `hashes` hold 32 bytes
   * per record (as words); the record's are at index `at`; `prevIsNull` when its prev is null.
   */
  follow(
    stream: string,
    revision: number,
    prevIsNull: boolean,
    prevs: Uint32Array,
    hashes: Uint32Array,
    at: number,
    leaf: number,
  ): StreamLinkBreak | undefined {
    let slot = this.slots.get(stream);
    const isNew = slot === undefined;
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(stream, slot);
      if (slot === this.revisions.length) this.grow();
    }
    const offset = slot * WORDS;
    const from = at * WORDS;
    let broken: StreamLinkBreak | undefined;
    const expectedRevision = isNew ? 0 : this.revisions[slot] + 1;
    const previousLeaf = isNew ? undefined : this.leaves[slot];
    if (revision !== expectedRevision) {
      broken = { problem: 'revision', expected: String(expectedRevision), found: String(revision), previousLeaf };
    } else if (isNew ? !prevIsNull : prevIsNull || !sameWords(prevs, from, this.hashes, offset)) {
      broken = {
        problem: 'prev',
        expected: isNew ? 'null' : hex(this.hashes, offset),
        found: prevIsNull ? 'null' : hex(prevs, from),
        previousLeaf,
      };
    }
    this.revisions[slot] = revision;
    this.leaves[slot] = leaf;
    for (let k = 0; k < WORDS; k++) this.hashes[offset + k] = hashes[from + k];
    return broken;
  }

  private grow(): void {
    const size = this.revisions.length * 2;
    const hashes = new Uint32Array(size * WORDS);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const revisions = new Float64Array(size);
    revisions.set(this.revisions);
    this.revisions = revisions;
    const leaves = new Float64Array(size);
    leaves.set(this.leaves);
    this.leaves = leaves;
  }
}

function sameWords(a: Uint32Array, aFrom: number, b: Uint32Array, bFrom: number): boolean {
  for (let k = 0; k < WORDS; k++) if (a[aFrom + k] !== b[bFrom + k]) return false;
  return true;
}

function hex(words: Uint32Array, from: number): string {
  return Buffer.from(words.buffer, words.byteOffset + from * 4, HASH_SIZE).toString('hex');
}
