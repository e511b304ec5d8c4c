import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  MerkleTreeBuilder,
  canonicalRecordText,
  createNoteSigner,
  ed25519KeyFromSeed,
  generateNoteKey,
  hashRecord,
  signCheckpoint,
  type LedgerRecord,
} from '@cip/integrity';

// ---------------------------------------------------------------------------------------------------------
// A checkpoint verifier written from docs/integrity-format.md section 3 alone, with nothing of libs/integrity:
// if the code and the page ever disagree, these tests fail.
// ---------------------------------------------------------------------------------------------------------
interface SpecCheckpoint {
  origin: string;
  size: bigint;
  root: Buffer;
}

function specParseVerifierKey(vkey: string): { name: string; id: Buffer; key: crypto.KeyObject } {
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  const name = vkey.slice(0, first);
  const id = Buffer.from(vkey.slice(first + 1, second), 'hex');
  const keyBytes = Buffer.from(vkey.slice(second + 1), 'base64');
  if (keyBytes.length !== 33 || keyBytes[0] !== 0x01) throw new Error('not an Ed25519 verifier key');
  const pub = keyBytes.subarray(1);
  const expectedId = crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), pub]))
    .digest()
    .subarray(0, 4);
  if (!expectedId.equals(id)) throw new Error('key id does not match');
  // RFC 8410 SubjectPublicKeyInfo for Ed25519: fixed 12-byte prefix, then the key
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), pub]);
  return { name, id, key: crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' }) };
}

function specOpenCheckpoint(note: string, vkey: string): SpecCheckpoint {
  const trusted = specParseVerifierKey(vkey);
  if (!note.endsWith('\n')) throw new Error('note does not end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('no empty line');
  const body = note.slice(0, split + 1);
  if (/[\u0000-\u0009\u000b-\u001f]/.test(body)) throw new Error('control character in body');
  const signatureLines = note.slice(split + 2, -1).split('\n');
  let verified = false;
  for (const line of signatureLines) {
    if (!line.startsWith('\u2014 ')) throw new Error('bad signature line');
    const [name, encoded, ...rest] = line.slice(2).split(' ');
    if (rest.length > 0 || name === undefined || encoded === undefined) throw new Error('bad signature line');
    const bytes = Buffer.from(encoded, 'base64');
    if (name !== trusted.name || !bytes.subarray(0, 4).equals(trusted.id)) continue;
    if (!crypto.verify(null, Buffer.from(body, 'utf8'), trusted.key, bytes.subarray(4)))
      throw new Error('bad signature');
    verified = true;
  }
  if (!verified) throw new Error('no signature by the trusted key');
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3 || lines[0] === '' || !/^(0|[1-9][0-9]*)$/.test(lines[1]))
    throw new Error('bad checkpoint body');
  const root = Buffer.from(lines[2], 'base64');
  if (root.length !== 32) throw new Error('bad root');
  return { origin: lines[0], size: BigInt(lines[1]), root };
}

/** Section 1.1 and 2 by hand: hash of a canonical record text, and MTH of two leaves. */
const specRecordHash = (canonical: string) =>
  crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from([0]), Buffer.from(canonical, 'utf8')]))
    .digest();
const specNode = (left: Buffer, right: Buffer) =>
  crypto
    .createHash('sha256')
    .update(Buffer.concat([Buffer.from([1]), left, right]))
    .digest();
// ---------------------------------------------------------------------------------------------------------

const doc = fs.readFileSync(path.join(__dirname, '../../docs/integrity-format.md'), 'utf8');
const example = doc.slice(doc.indexOf('## 6. Worked example'));
const textBlocks = [...example.matchAll(/```text\n([\s\S]*?)```/g)].map((match) => match[1]);
const [record0Text, record1Text, vkeyBlock, noteBlock] = textBlocks;
const backticked = (label: string) => new RegExp(`${label}[^\`]*\`([^\`]+)\``).exec(example)![1];

describe('docs/integrity-format.md and the code agree', () => {
  it('the worked example records, hashes and root are what the code computes', () => {
    const record0 = JSON.parse(record0Text) as LedgerRecord;
    const record1 = JSON.parse(record1Text) as LedgerRecord;
    expect(canonicalRecordText(record0) + '\n').toBe(record0Text);
    expect(canonicalRecordText(record1) + '\n').toBe(record1Text);
    const hash0 = backticked('hash\\(record 0\\) = SHA-256\\(0x00 \\|\\| those bytes\\) =');
    const hash1 = backticked('hash\\(record 1\\) =');
    expect(hashRecord(record0)).toBe(hash0);
    expect(specRecordHash(record0Text.trimEnd()).toString('hex')).toBe(hash0);
    expect(hashRecord(record1)).toBe(hash1);
    expect(record1.prev).toBe(hash0);
    const tree = new MerkleTreeBuilder();
    tree.append(Buffer.from(hash0, 'hex'));
    tree.append(Buffer.from(hash1, 'hex'));
    const root = backticked('root = SHA-256\\(0x01 \\|\\| hash 0 \\|\\| hash 1\\) =');
    expect(tree.root().toString('hex')).toBe(root);
    expect(specNode(Buffer.from(hash0, 'hex'), Buffer.from(hash1, 'hex')).toString('hex')).toBe(root);
    expect(tree.inclusionProof(0, 2).map((node) => node.toString('hex'))).toEqual([hash1]);
  });

  it('the worked example key and signed checkpoint are byte for byte what the code signs', () => {
    const seed = crypto.createHash('sha256').update('cip-ledger integrity-format example key').digest();
    expect(example).toContain(seed.toString('hex'));
    const signer = createNoteSigner('example.com/cip-ledger', ed25519KeyFromSeed(seed));
    expect(signer.verifierKey + '\n').toBe(vkeyBlock);
    expect(example).toContain(`Its key id is \`${signer.keyId.toString('hex')}\``);
    const root = Buffer.from(backticked('\\(base64'), 'base64');
    const note = signCheckpoint({ origin: 'example.com/cip-ledger', treeSize: 2n, rootHash: root }, [signer]);
    expect(note).toBe(noteBlock);
    expect(specOpenCheckpoint(noteBlock, vkeyBlock.trim())).toEqual({
      origin: 'example.com/cip-ledger',
      size: 2n,
      root,
    });
    const body = noteBlock.slice(0, noteBlock.indexOf('\n\n') + 1);
    expect(example).toContain(`signature of the ${Buffer.byteLength(body)} bytes`);
  });
});

describe('a checkpoint signed here, checked by the verifier written from the spec', () => {
  const key = generateNoteKey('ledger.example.com/cip');
  const root = crypto.randomBytes(32);
  const note = signCheckpoint({ origin: 'ledger.example.com/cip', treeSize: 1234567n, rootHash: root }, [key.signer]);

  it('verifies, with several signatures on the note too', () => {
    expect(specOpenCheckpoint(note, key.verifierKey)).toEqual({
      origin: 'ledger.example.com/cip',
      size: 1234567n,
      root,
    });
    const witness = generateNoteKey('witness.example.org');
    const cosigned = signCheckpoint({ origin: 'ledger.example.com/cip', treeSize: 1234567n, rootHash: root }, [
      witness.signer,
      key.signer,
    ]);
    expect(specOpenCheckpoint(cosigned, key.verifierKey).size).toBe(1234567n);
    expect(specOpenCheckpoint(cosigned, witness.verifierKey).size).toBe(1234567n);
  });

  it('rejects a note signed by an unknown key', () => {
    const stranger = generateNoteKey('ledger.example.com/cip');
    const forged = signCheckpoint({ origin: 'ledger.example.com/cip', treeSize: 1234567n, rootHash: root }, [
      stranger.signer,
    ]);
    expect(() => specOpenCheckpoint(forged, key.verifierKey)).toThrow(/no signature by the trusted key/);
  });

  it('rejects a truncated note', () => {
    expect(() => specOpenCheckpoint(note.slice(0, -1), key.verifierKey)).toThrow();
    expect(() => specOpenCheckpoint(note.slice(0, note.indexOf('\n\n') + 1), key.verifierKey)).toThrow();
    expect(() => specOpenCheckpoint(note.slice(0, note.length - 10) + '\n', key.verifierKey)).toThrow();
  });

  it('rejects a changed tree size', () => {
    expect(() => specOpenCheckpoint(note.replace('\n1234567\n', '\n1234568\n'), key.verifierKey)).toThrow(
      /bad signature/,
    );
  });
});
