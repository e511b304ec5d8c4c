/** The data key a sealed value needs was destroyed (crypto-shredding): the value can never be opened again. */
export class KeyShreddedError extends Error {
  override readonly name = 'KeyShreddedError';
  constructor(
    readonly kid: string,
    readonly destroyedAt?: string,
  ) {
    super(`data key ${kid} was destroyed${destroyedAt ? ` at ${destroyedAt}` : ''}: the sealed value is shredded`);
  }
}

/** No data key with this id exists in the key store (never created here, or another ledger's). */
export class UnknownDataKeyError extends Error {
  override readonly name = 'UnknownDataKeyError';
  constructor(readonly kid: string) {
    super(`no data key ${kid} in the key store`);
  }
}

/**
 * AES-GCM authentication failed: the sealed value, its place (stream, id, member) or the key is not the one it
 * was sealed with. A sealed value moved to another record or member fails this way.
 */
export class SealTamperedError extends Error {
  override readonly name = 'SealTamperedError';
}
