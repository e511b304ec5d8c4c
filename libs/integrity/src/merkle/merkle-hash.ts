import { hash } from 'node:crypto';

/** Bytes in a SHA-256 hash, and so in every Merkle tree node. */
export const HASH_SIZE = 32;

/** MTH({}) = SHA-256() (RFC 9162 section 2.1.1): the root of the empty tree. */
export const EMPTY_ROOT: Buffer = hash('sha256', Buffer.alloc(0), 'buffer');

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

// crypto.hash(..., 'buffer') has the digest copied into a Buffer made on the C++ side, which costs more than
// hashing 64 bytes; the digest as a 32-character latin1 string copied into a pooled Buffer costs about half.
const digest = (input: Uint8Array | string): Buffer => Buffer.from(hash('sha256', input, 'binary'), 'latin1');

/** SHA-256(0x00 || data): the RFC 9162 leaf hash. A string is hashed as its UTF-8 bytes. */
export function leafHash(data: Uint8Array | string): Buffer {
  if (typeof data === 'string') return digest('\u0000' + data);
  const input = Buffer.allocUnsafe(data.length + 1);
  input[0] = LEAF_PREFIX;
  input.set(data, 1);
  return digest(input);
}

// One reusable input buffer: interior hashing happens once per leaf while building or verifying a tree,
// and the one-shot crypto.hash over a prepared buffer is markedly cheaper than createHash().update()x3.
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE);
nodeInput[0] = NODE_PREFIX;

/** SHA-256(0x01 || left || right): an RFC 9162 interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) throw new RangeError('tree nodes are 32-byte hashes');
  nodeInput.set(left, 1);
  nodeInput.set(right, 1 + HASH_SIZE);
  return digest(nodeInput);
}
