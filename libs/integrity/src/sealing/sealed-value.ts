import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { canonicalJson } from '../canonical/canonical-json';
import { SealTamperedError } from './sealing.errors';

/** A PII member as stored (integrity format section 5). */
export interface SealedValue {
  $sealed: 'A256GCM';
  /** id of the data key in the key store */
  kid: string;
  /** base64url of the 12-byte nonce */
  iv: string;
  /** base64url of ciphertext || 16-byte tag */
  ct: string;
}

export interface SealOptions {
  /** 32-byte AES-256 data key */
  dataKey: Uint8Array;
  kid: string;
  /** additional authenticated data; for a record member use sealAad(stream, id, pointer) */
  aad: string;
}

const TAG_BYTES = 16;
const IV_BYTES = 12;

/** The AAD binding a sealed value to its place: `stream|id|<JSON pointer of the member within data>`. */
export function sealAad(stream: string, id: string, pointer: string): string {
  return `${stream}|${id}|${pointer}`;
}

export function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.$sealed === 'A256GCM' &&
    typeof candidate.kid === 'string' &&
    typeof candidate.iv === 'string' &&
    typeof candidate.ct === 'string' &&
    Object.keys(candidate).length === 4
  );
}

/** Encrypts the RFC 8785 text of any JSON value with AES-256-GCM under a fresh random nonce. */
export function seal(value: unknown, options: SealOptions): SealedValue {
  if (options.dataKey.length !== 32) throw new RangeError('a data key is 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', options.dataKey, iv);
  cipher.setAAD(Buffer.from(options.aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(canonicalJson(value), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { $sealed: 'A256GCM', kid: options.kid, iv: iv.toString('base64url'), ct: ciphertext.toString('base64url') };
}

/** Decrypts a sealed value; throws SealTamperedError when it, its AAD or the key is not the original. */
export function open(sealed: SealedValue, options: { dataKey: Uint8Array; aad: string }): unknown {
  const iv = Buffer.from(sealed.iv, 'base64url');
  const data = Buffer.from(sealed.ct, 'base64url');
  if (iv.length !== IV_BYTES || data.length < TAG_BYTES) throw new SealTamperedError('the sealed value is malformed');
  const decipher = createDecipheriv('aes-256-gcm', options.dataKey, iv);
  decipher.setAAD(Buffer.from(options.aad, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  let plaintext: Buffer;
  try {
    plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealTamperedError(
      `the sealed value (key ${sealed.kid}) does not authenticate here: moved, altered or another key`,
    );
  }
  return JSON.parse(plaintext.toString('utf8')) as unknown;
}
