import type { NoteSigner, NoteVerifier } from './note-keys';

/**
 * C2SP signed-note: a text, a blank line, then one signature line per signer:
 * `— <key name> <base64(4-byte key id || signature)>\n` (the dash is U+2014 EM DASH). The signature covers
 * the text's UTF-8 bytes, i.e. everything up to and including the newline before the blank line.
 */
export const SIGNATURE_PREFIX = '\u2014 ';
const MAX_SIGNATURES = 100;

export type NoteErrorCode = 'malformed' | 'unknown-key' | 'invalid-signature';

export class NoteError extends Error {
  override readonly name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface NoteSignature {
  name: string;
  /** 8 hex digits */
  keyId: string;
  /** the signature bytes after the key id */
  signature: Buffer;
}

export interface OpenedNote {
  text: string;
  /** signatures that verified with a given verifier (at least one) */
  verified: NoteSignature[];
  /** signatures by keys the caller did not give (witnesses, other keys): not checked */
  unverified: NoteSignature[];
}

/** Throws NoteError('malformed') unless `text` may be signed: ends with a newline, no control characters. */
export function assertNoteText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('malformed', 'a note text ends with a newline');
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text)) {
    throw new NoteError('malformed', 'a note text has no control characters other than newline');
  }
  if (Buffer.from(text, 'utf8').toString('utf8') !== text) {
    throw new NoteError('malformed', 'a note text is valid UTF-8 (no lone surrogates)');
  }
}

/** Signs `text` with every signer, in order. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new Error('a signed note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const signature = Buffer.concat([signer.keyId, signer.sign(message)]).toString('base64');
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/** Splits a note into its text and signature lines without checking any signature. */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (!note.endsWith('\n')) throw new NoteError('malformed', 'a signed note ends with a newline (truncated?)');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'a signed note has a blank line before its signatures');
  const text = note.slice(0, split + 1);
  assertNoteText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES)
    throw new NoteError('malformed', `a note carries at most ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line) => {
    const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+=*)$/u.exec(line);
    if (!match) throw new NoteError('malformed', `not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
    const bytes = Buffer.from(match[2], 'base64');
    if (bytes.toString('base64') !== match[2] || bytes.length < 5) {
      throw new NoteError('malformed', `the signature of ${match[1]} is not base64 of a key id and a signature`);
    }
    return { name: match[1], keyId: bytes.subarray(0, 4).toString('hex'), signature: bytes.subarray(4) };
  });
  return { text, signatures };
}

/**
 * Opens a signed note: returns its text when at least one signature is by one of `verifiers` (same name and key
 * id) and verifies. A signature by a known key that does not verify is an error even if another one does,
 * as Go's note.Open treats it; signatures by other keys are left unchecked.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const signature of signatures) {
    const verifier = verifiers.find((v) => v.name === signature.name && v.keyId.toString('hex') === signature.keyId);
    if (verifier === undefined) {
      unverified.push(signature);
    } else if (verifier.verify(message, signature.signature)) {
      verified.push(signature);
    } else {
      throw new NoteError('invalid-signature', `the signature of ${signature.name}+${signature.keyId} does not verify`);
    }
  }
  if (verified.length === 0) {
    const names = signatures.map((s) => `${s.name}+${s.keyId}`).join(', ');
    throw new NoteError('unknown-key', `the note is not signed by a trusted key (signed by: ${names})`);
  }
  return { text, verified, unverified };
}
