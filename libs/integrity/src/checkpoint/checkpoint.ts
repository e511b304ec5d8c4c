import { HASH_SIZE } from '../merkle/merkle-hash';
import { type TreeSize, toBigSize } from '../merkle/tree-size';
import type { NoteSigner, NoteVerifier } from './note-keys';
import { NoteError, type OpenedNote, openNote, signNote } from './signed-note';

/** A C2SP tlog-checkpoint body: origin, tree size, root hash and optional extension lines. */
export interface Checkpoint {
  origin: string;
  /** exact for any uint64 */
  treeSize: bigint;
  rootHash: Buffer;
  extensions?: string[];
}

export interface SignedCheckpoint {
  checkpoint: Checkpoint;
  note: string;
  opened: OpenedNote;
}

/** `<origin>\n<size decimal>\n<root base64>\n[<extension>\n...]` */
export function formatCheckpoint(
  origin: string,
  treeSize: TreeSize,
  rootHash: Uint8Array,
  extensions: string[] = [],
): string {
  if (origin.length === 0 || origin.includes('\n')) throw new NoteError('malformed', 'an origin is one non-empty line');
  if (rootHash.length !== HASH_SIZE) throw new NoteError('malformed', 'a root hash is 32 bytes');
  for (const line of extensions) {
    if (line.length === 0 || line.includes('\n'))
      throw new NoteError('malformed', 'extension lines are non-empty single lines');
  }
  const size = toBigSize(treeSize).toString(10);
  return [origin, size, Buffer.from(rootHash).toString('base64'), ...extensions].join('\n') + '\n';
}

/** Parses a checkpoint body; throws NoteError('malformed') for anything that is not exactly that form. */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith('\n')) throw new NoteError('malformed', 'a checkpoint body ends with a newline');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('malformed', 'a checkpoint body has origin, tree size and root hash lines');
  const [origin, size, root, ...extensions] = lines;
  if (origin.length === 0) throw new NoteError('malformed', 'the checkpoint origin is empty');
  if (!/^(0|[1-9][0-9]{0,19})$/.test(size) || BigInt(size) >= 1n << 64n) {
    throw new NoteError('malformed', `the checkpoint tree size ${JSON.stringify(size)} is not a decimal uint64`);
  }
  const rootHash = Buffer.from(root, 'base64');
  if (rootHash.length !== HASH_SIZE || rootHash.toString('base64') !== root) {
    throw new NoteError('malformed', 'the checkpoint root hash is not base64 of 32 bytes');
  }
  if (extensions.some((line) => line.length === 0))
    throw new NoteError('malformed', 'a checkpoint body has no empty lines');
  return { origin, treeSize: BigInt(size), rootHash, extensions };
}

/** The signed note of a checkpoint (one signature per signer). */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(
    formatCheckpoint(checkpoint.origin, checkpoint.treeSize, checkpoint.rootHash, checkpoint.extensions),
    signers,
  );
}

/**
 * Opens a signed checkpoint: the note must carry a valid signature by one of `verifiers`, and, when
 * `expectedOrigin` is given, name that origin. Throws NoteError otherwise.
 */
export function openCheckpoint(
  note: string,
  verifiers: readonly NoteVerifier[],
  expectedOrigin?: string,
): SignedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (expectedOrigin !== undefined && checkpoint.origin !== expectedOrigin) {
    throw new NoteError('malformed', `the checkpoint is for origin ${checkpoint.origin}, not ${expectedOrigin}`);
  }
  return { checkpoint, note, opened };
}
