/**
 * Seals and opens the PII members of event data (integrity format section 5). The writer sees only this
 * interface; the adapter in pii-sealer.adapter.ts binds it to the integrity library and the key store.
 */
export interface PiiSealer {
  /** `data` with every PII member of `type` replaced by a sealed value under `subjectId`'s data key */
  seal(input: SealInput): Promise<Record<string, unknown>>;
  /** `data` with sealed members opened again; members whose key is gone (shredded) stay sealed */
  open(input: SealInput): Promise<Record<string, unknown>>;
}

export interface SealInput {
  stream: string;
  recordId: string;
  type: string;
  /** whose data key: the account id for account streams, the measure id for special measures */
  subjectId: string;
  data: Record<string, unknown>;
}

export const PII_SEALER = Symbol('PII_SEALER');
