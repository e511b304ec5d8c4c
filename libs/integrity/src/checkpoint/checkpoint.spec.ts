import { generateKeyPairSync } from 'node:crypto';
import { leafHash } from '../merkle/merkle-hash';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint';
import { createNoteSigner, generateNoteKey, noteKeyId, parseVerifierKey } from './note-keys';
import { NoteError, openNote, parseNote, signNote } from './signed-note';

const ORIGIN = 'ledger.example.com/cip';
const root = leafHash('root');

function expectNoteError(action: () => unknown, code: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(NoteError);
    expect((error as NoteError).code).toBe(code);
    return;
  }
  throw new Error('expected a NoteError');
}

describe('C2SP signed checkpoints', () => {
  const ledgerKey = generateNoteKey(ORIGIN);
  const witnessKey = generateNoteKey('witness.example.org');
  const trusted = parseVerifierKey(ledgerKey.verifierKey);

  it('formats the tlog-checkpoint body and signs it as a signed note', () => {
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 12345n, rootHash: root }, [ledgerKey.signer]);
    const lines = note.split('\n');
    expect(lines.slice(0, 4)).toEqual([ORIGIN, '12345', root.toString('base64'), '']);
    expect(lines[4]).toMatch(new RegExp(`^\u2014 ${ORIGIN.replace('.', '\\.')} [A-Za-z0-9+/]{91}=$`));
    const signature = Buffer.from(lines[4].split(' ')[2], 'base64');
    expect(signature.subarray(0, 4).equals(ledgerKey.signer.keyId)).toBe(true);
    expect(signature.length).toBe(68);
    const opened = openCheckpoint(note, [trusted], ORIGIN);
    expect(opened.checkpoint.treeSize).toBe(12345n);
    expect(opened.checkpoint.rootHash.equals(root)).toBe(true);
  });

  it('carries several signatures; one by a trusted key is enough, others are left unchecked', () => {
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 7n, rootHash: root }, [
      witnessKey.signer,
      ledgerKey.signer,
    ]);
    const opened = openCheckpoint(note, [trusted]);
    expect(opened.opened.verified.map((s) => s.name)).toEqual([ORIGIN]);
    expect(opened.opened.unverified.map((s) => s.name)).toEqual(['witness.example.org']);
    const both = openNote(note, [trusted, parseVerifierKey(witnessKey.verifierKey)]);
    expect(both.verified).toHaveLength(2);
  });

  it('rejects a note signed only by an unknown key', () => {
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 7n, rootHash: root }, [witnessKey.signer]);
    expectNoteError(() => openCheckpoint(note, [trusted]), 'unknown-key');
  });

  it('rejects a key with the trusted name but another key pair (the key id differs)', () => {
    const impostor = createNoteSigner(ORIGIN, generateKeyPairSync('ed25519').privateKey);
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 7n, rootHash: root }, [impostor]);
    expectNoteError(() => openCheckpoint(note, [trusted]), 'unknown-key');
  });

  it('rejects a truncated note', () => {
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 7n, rootHash: root }, [ledgerKey.signer]);
    for (const cut of [1, 10, note.indexOf('\n\n') + 1, note.length - 1]) {
      expect(() => openCheckpoint(note.slice(0, cut), [trusted])).toThrow(NoteError);
    }
    expect(() => openCheckpoint(note.slice(0, -2) + '\n', [trusted])).toThrow(NoteError);
  });

  it('rejects a changed tree size, root or origin under the original signature', () => {
    const note = signCheckpoint({ origin: ORIGIN, treeSize: 7n, rootHash: root }, [ledgerKey.signer]);
    expectNoteError(() => openCheckpoint(note.replace('\n7\n', '\n8\n'), [trusted]), 'invalid-signature');
    const otherRoot = leafHash('other').toString('base64');
    expectNoteError(
      () => openCheckpoint(note.replace(root.toString('base64'), otherRoot), [trusted]),
      'invalid-signature',
    );
    expectNoteError(
      () => openCheckpoint(note.replace(ORIGIN, 'ledger.example.com/cjp'), [trusted]),
      'invalid-signature',
    );
    expectNoteError(() => openCheckpoint(note, [trusted], 'other.example/ledger'), 'malformed');
  });

  it('parses only exact checkpoint bodies', () => {
    expect(parseCheckpoint(formatCheckpoint(ORIGIN, 2n ** 64n - 1n, root)).treeSize).toBe(2n ** 64n - 1n);
    expect(parseCheckpoint(formatCheckpoint(ORIGIN, 5, root, ['ext one'])).extensions).toEqual(['ext one']);
    for (const body of [
      `${ORIGIN}\n007\n${root.toString('base64')}\n`,
      `${ORIGIN}\n18446744073709551616\n${root.toString('base64')}\n`,
      `${ORIGIN}\n-1\n${root.toString('base64')}\n`,
      `${ORIGIN}\n1\n${root.subarray(1).toString('base64')}\n`,
      `${ORIGIN}\n1\n`,
      `\n1\n${root.toString('base64')}\n`,
      `${ORIGIN}\n1\n${root.toString('base64')}`,
    ]) {
      expect(() => parseCheckpoint(body)).toThrow(NoteError);
    }
  });

  it('reads and writes the verifier key form name+hexid+base64(0x01||key)', () => {
    const verifier = parseVerifierKey(ledgerKey.verifierKey);
    // the base64 key may itself hold "+": split at the first two only
    const [, name, hexId, encoded] = /^([^+]+)\+([^+]+)\+(.+)$/.exec(ledgerKey.verifierKey)!;
    expect(name).toBe(ORIGIN);
    expect(hexId).toBe(noteKeyId(ORIGIN, verifier.publicKey).toString('hex'));
    expect(Buffer.from(encoded, 'base64')[0]).toBe(0x01);
    expect(() => parseVerifierKey(`${name}+00000000+${encoded}`)).toThrow(/does not match/);
    expect(() => parseVerifierKey(`${name}+${hexId}`)).toThrow(/reads/);
    expect(() => parseVerifierKey(`a b+${hexId}+${encoded}`)).toThrow(/key name/);
  });

  it('refuses to sign a text that is not a valid note text, and reads back signature lines exactly', () => {
    expect(() => signNote('no newline', [ledgerKey.signer])).toThrow(NoteError);
    expect(() => signNote('tab\there\n', [ledgerKey.signer])).toThrow(NoteError);
    expect(() => parseNote('text\n\n- dash instead of em dash\n')).toThrow(NoteError);
  });
});
