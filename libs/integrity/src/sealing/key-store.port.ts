/** An account's (data subject's) 256-bit data key, unwrapped. */
export interface DataKey {
  kid: string;
  subjectId: string;
  key: Buffer;
}

/**
 * Holds the per-subject data keys that seal PII, wrapped under the master key, and the blind-index key.
 * The embedded implementation is SqliteKeyStore in @cip/key-store.
 *
 * @example
 *   const { kid, key } = await keys.getOrCreateDataKey(accountId);
 *   const sealed = seal(value, { dataKey: key, kid, aad: sealAad(stream, id, '/contact/email') });
 *   await keys.destroyDataKey(accountId); // later: getDataKey(kid) throws KeyShreddedError
 */
export interface KeyStore {
  /** The subject's data key, created on first use. Throws KeyShreddedError if it was destroyed. */
  getOrCreateDataKey(subjectId: string): Promise<DataKey>;
  /** The data key with this id. Throws KeyShreddedError after destroy, UnknownDataKeyError if never known. */
  getDataKey(kid: string): Promise<DataKey>;
  /** Destroys the subject's data key for good (crypto-shredding); returns false if it had none or was destroyed. */
  destroyDataKey(subjectId: string): Promise<boolean>;
  /** The 32-byte HMAC key of blind indexes, created on first use. */
  getBlindIndexKey(): Promise<Buffer>;
}
