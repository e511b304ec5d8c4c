/**
 * The stored unit of the ledger (integrity format v1, section 1). Every member is part of the hash;
 * see docs/integrity-format.md.
 */
export interface LedgerRecord {
  v: 1;
  /** stream name, e.g. `account-2f0c…` */
  stream: string;
  /** 0-based position in its stream */
  revision: number;
  /** event id, lower-case UUID text */
  id: string;
  /** event type, e.g. `IdentityVerified` */
  type: string;
  /** version of this event type's data schema */
  schema: number;
  /** set by the ledger: UTC, millisecond ISO-8601 (`2026-12-01T04:19:46.123Z`) */
  recordedAt: string;
  /** event data, PII members replaced by sealed values */
  data: Record<string, unknown>;
  /** actor, correlationId, causationId; never PII */
  meta: RecordMeta;
  /** hash of the previous record of the same stream; null at revision 0 */
  prev: string | null;
}

export interface RecordMeta {
  actor: string;
  correlationId?: string;
  causationId?: string;
  [member: string]: unknown;
}

/** A record with its hash (64 lower-case hex digits), as handed to and returned by event stores. */
export interface HashedRecord {
  record: LedgerRecord;
  hash: string;
  /**
   * The record's canonical JSON text, when whoever built the record already wrote it (to hash it). A store may
   * keep this text instead of serialising the record again; it must parse back to the record. Never read back.
   */
  text?: string;
}
