import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealTamperedError } from './sealing.errors';

/**
 * Wrapping of data keys (and the blind-index key) under the master key: AES-256-GCM,
 * wrapped = nonce (12) || ciphertext (32) || tag (16), with AAD `cip-ledger-key|<purpose>|<key id>` so a
 * wrapped key cannot be swapped for another subject's. Every key-store implementation uses this format.
 */
export function wrapKey(masterKey: Uint8Array, key: Uint8Array, aad: string): Buffer {
  if (masterKey.length !== 32) throw new RangeError('the master key is 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([iv, cipher.update(key), cipher.final(), cipher.getAuthTag()]);
}

export function unwrapKey(masterKey: Uint8Array, wrapped: Uint8Array, aad: string): Buffer {
  if (wrapped.length < 12 + 16) throw new SealTamperedError('a wrapped key is too short');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, wrapped.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(wrapped.subarray(wrapped.length - 16));
  try {
    return Buffer.concat([decipher.update(wrapped.subarray(12, wrapped.length - 16)), decipher.final()]);
  } catch {
    throw new SealTamperedError('a wrapped key does not open under this master key (wrong master key file?)');
  }
}

/** AAD of a wrapped data key. */
export const dataKeyAad = (kid: string) => `cip-ledger-key|data|${kid}`;
/** AAD of the wrapped blind-index key. */
export const blindIndexKeyAad = (kid: string) => `cip-ledger-key|blind-index|${kid}`;
