import type { HashedRecord } from '@cip/integrity';

/**
 * Expected revision of a stream for an append: `any`, `no_stream` (the stream must not exist),
 * `stream_exists` (it must exist), or the exact revision of its last record.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Position in the global log ($all). Strictly increasing, not necessarily contiguous. */
export type GlobalPosition = bigint;

export interface AppendResult {
  /** revision of the last record now in the stream */
  nextExpectedRevision: number;
  /** global position of the last appended record */
  position: GlobalPosition;
}

/** A record as read back from a store: byte-identical in meaning (same hash) to what was appended. */
export interface StoredRecord extends HashedRecord {
  position: GlobalPosition;
}

/** Where a stream stands: the revision of its last record, -1 when it has none, 'deleted' when tombstoned. */
export type StreamHead = number | 'deleted';

export interface StreamAppend {
  stream: string;
  expectedRevision: ExpectedRevision;
  /** already chained: revisions continue the stream, `prev` links to the stream's last hash */
  records: HashedRecord[];
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: ReadDirection;
  /** inclusive; default: 0 forwards, the last record backwards */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

/**
 * Filter for the global log (see matchesLogFilter). System records (`$`-prefixed stream or event type, e.g.
 * EventStoreDB's `$streamDeleted`) are never returned, filter or not: they are not ledger records.
 */
export interface LogFilter {
  streamPrefixes?: string[];
  eventTypes?: string[];
  excludeStreamPrefixes?: string[];
}

export interface ReadAllOptions {
  direction?: ReadDirection;
  /** inclusive; default: the start forwards, the end backwards */
  fromPosition?: GlobalPosition | 'start' | 'end';
  maxCount?: number;
  filter?: LogFilter;
}

export interface SubscribeOptions {
  /** exclusive: the first record delivered is the one after this position */
  fromPosition?: GlobalPosition | 'start' | 'end';
  filter?: LogFilter;
  /**
   * Emit a checkpoint about every this many records scanned (matching the filter or not), so a consumer with
   * a narrow filter can still move its stored position on. Default 32 (EventStoreDB: multiplier x 32).
   */
  checkpointInterval?: number;
  /**
   * false: the store may leave each record's body unread until the consumer first touches `record` (a
   * follower that needs only hashes and positions, such as the sealer, then never reads them). Default true.
   */
  recordBodies?: boolean;
}

/**
 * `record`: the next matching record, in global order, each exactly once.
 * `caught-up`: once, when the subscription has delivered every record that existed when it started
 *   (records appended before subscribeToAll was called come before it); later records are live.
 * `checkpoint`: every matching record at or before `position` has been delivered; a consumer may store
 *   `position` and resubscribe from it (exclusive) without losing or repeating a record.
 */
export type SubscriptionMessage =
  { kind: 'record'; record: StoredRecord } | { kind: 'caught-up' } | { kind: 'checkpoint'; position: GlobalPosition };

/** Iterate it once (`for await`); close() ends the iteration, as does leaving the loop. */
export interface LogSubscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/**
 * The event-store port: one contract, several adapters (embedded SQLite, EventStoreDB). The behaviour is
 * pinned by the contract suite in test/contract/event-store.contract.ts; docs/event-store.md explains it.
 *
 * Records carry their own stream and revision (both are hashed), so an append must continue the stream exactly
 * where its records say: `records[i].stream === stream`, revisions consecutive, the first one right after the
 * expected revision (0 for `no_stream`). Shapes that can never fit throw InvalidAppendError; with `any` or
 * `stream_exists`, records that do not continue the stream's current revision throw WrongExpectedVersionError
 * (the records' revisions are the caller's real expectation). checkAppend() in append-rules.ts does the
 * stream-independent checks for every adapter.
 *
 * Idempotency: re-appending event ids that already stand at the records' revisions returns the original
 * AppendResult and writes nothing; if only some of them match, WrongExpectedVersionError.
 * Appends over MAX_APPEND_BYTES (1 MiB of compact record JSON) throw AppendTooLargeError, nothing written.
 *
 * @example
 *   const result = await store.append('account-1', 'no_stream', [{ record, hash }]);
 *   for await (const stored of store.readStream('account-1')) console.log(stored.record.type);
 */
export interface EventStore {
  append(stream: string, expectedRevision: ExpectedRevision, records: HashedRecord[]): Promise<AppendResult>;
  /**
   * Many streams in one call (bulk access records). Each entry is checked and applied on its own terms, in
   * order (a later entry sees an earlier one to the same stream); if any fails the others still stand and the
   * call rejects with AppendManyError holding every entry's outcome. The entries may be produced lazily (a
   * generator): the embedded store writes the ones it has while the iterable builds the next, all in one
   * transaction; an iterable that throws part way leaves nothing of the call written.
   */
  appendMany(appends: Iterable<StreamAppend>): Promise<AppendResult[]>;
  /** throws StreamNotFoundError (missing or soft-deleted) or StreamDeletedError (tombstoned) */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<StoredRecord>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredRecord>;
  subscribeToAll(options?: SubscribeOptions): LogSubscription;
  /** the last record of a stream, or null when it does not exist; StreamDeletedError when tombstoned */
  lastRecord(stream: string): Promise<StoredRecord | null>;
  /**
   * The heads of many streams in one call, keyed by stream name: a bulk request checks hundreds of cached
   * stream states against the store at once instead of reading each stream. Never throws for a missing or
   * tombstoned stream (-1, 'deleted').
   *
   * @example
   *   const heads = await store.streamHeads(['account-1', 'account-2']); // Map { 'account-1' => 4, 'account-2' => -1 }
   */
  streamHeads(streams: readonly string[]): Promise<Map<string, StreamHead>>;
  /**
   * Deletes a stream for good: later appends, reads and tombstones throw StreamDeletedError. Its records stay
   * in the global log (they are Merkle leaves). A missing stream can be tombstoned (`any` or `no_stream`).
   */
  tombstone(stream: string, expectedRevision: ExpectedRevision): Promise<void>;
  close(): Promise<void>;
}
