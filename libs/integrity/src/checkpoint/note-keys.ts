import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
} from 'node:crypto';

/** Signature type byte of Ed25519 in C2SP signed-note (and in Go's golang.org/x/mod/sumdb/note). */
export const ED25519_ALGORITHM = 0x01;

/** Signs note texts under a C2SP key name and key id. */
export interface NoteSigner {
  readonly name: string;
  /** 4 bytes: first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key) */
  readonly keyId: Buffer;
  /** Ed25519 signature (64 bytes) of the message */
  sign(message: Uint8Array): Buffer;
  /** the verifier key, `<name>+<key id, 8 hex>+<base64(0x01 || public key)>` */
  readonly verifierKey: string;
}

/** Checks note signatures of one key. */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: Buffer;
  /** raw 32-byte Ed25519 public key */
  readonly publicKey: Buffer;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
  readonly verifierKey: string;
}

export class NoteKeyError extends Error {
  override readonly name = 'NoteKeyError';
}

/** A key name: non-empty, no whitespace, no `+` (C2SP signed-note). */
export function assertKeyName(name: string): void {
  if (name.length === 0 || /[\s+\u0000-\u001f\u007f]/u.test(name)) {
    throw new NoteKeyError(
      `key name ${JSON.stringify(name)} must be non-empty, without spaces, "+" or control characters`,
    );
  }
}

/** Key id = first 4 bytes of SHA-256(name || 0x0A || 0x01 || 32-byte public key). */
export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_ALGORITHM]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** `<name>+<key id as 8 lower-case hex digits>+<standard base64 of 0x01 || public key>` */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new NoteKeyError('an Ed25519 public key is 32 bytes');
  const encoded = Buffer.concat([Buffer.from([ED25519_ALGORITHM]), publicKey]).toString('base64');
  return `${name}+${noteKeyId(name, publicKey).toString('hex')}+${encoded}`;
}

/** Reads a verifier key; throws NoteKeyError unless it is exactly the form above with a matching key id. */
export function parseVerifierKey(text: string): NoteVerifier {
  // name and key id hold no "+"; the base64 key after the second "+" may
  const match = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text.trim());
  if (!match) throw new NoteKeyError('a verifier key reads <name>+<8 hex digits>+<base64 key>');
  const [, name, hexId, encoded] = match;
  assertKeyName(name);
  if (!/^[0-9a-fA-F]{8}$/.test(hexId)) throw new NoteKeyError('the key id of a verifier key is 8 hex digits');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64') !== encoded || bytes.length !== 33 || bytes[0] !== ED25519_ALGORITHM) {
    throw new NoteKeyError('the key of a verifier key is base64 of 0x01 followed by a 32-byte Ed25519 public key');
  }
  const publicKey = bytes.subarray(1);
  const keyId = noteKeyId(name, publicKey);
  if (keyId.toString('hex') !== hexId.toLowerCase()) {
    throw new NoteKeyError(`the key id ${hexId} does not match the key (it should be ${keyId.toString('hex')})`);
  }
  const keyObject = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: publicKey.toString('base64url') },
    format: 'jwk',
  });
  return {
    name,
    keyId,
    publicKey,
    verifierKey: `${name}+${keyId.toString('hex')}+${encoded}`,
    verify: (message, signature) => signature.length === 64 && verify(null, message, keyObject, signature),
  };
}

/** Raw 32-byte public key of an Ed25519 key object (private or public). */
export function rawPublicKey(key: KeyObject): Buffer {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new NoteKeyError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

/** A signer for `name` from an Ed25519 private key. */
export function createNoteSigner(name: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(name);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new NoteKeyError('a note signer needs an Ed25519 private key');
  }
  const publicKey = rawPublicKey(privateKey);
  return {
    name,
    keyId: noteKeyId(name, publicKey),
    verifierKey: formatVerifierKey(name, publicKey),
    sign: (message) => sign(null, message, privateKey),
  };
}

// RFC 8410 PKCS#8 wrapping of a 32-byte Ed25519 seed: this fixed DER prefix, then the seed.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The Ed25519 private key whose RFC 8032 seed is `seed` (32 bytes); used for reproducible examples. */
export function ed25519KeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteKeyError('an Ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** A fresh Ed25519 key pair for `name`: the private key as PKCS#8 PEM and the verifier key text. */
export function generateNoteKey(name: string): { privateKeyPem: string; verifierKey: string; signer: NoteSigner } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = createNoteSigner(name, privateKey);
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    verifierKey: signer.verifierKey,
    signer,
  };
}
