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

/** Server-side filter for the global log. Records of `$`-prefixed (system) streams are never returned. */
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
}

export type SubscriptionMessage =
  { kind: 'record'; record: StoredRecord } | { kind: 'caught-up' } | { kind: 'checkpoint'; position: GlobalPosition };

export interface LogSubscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/**
 * The event-store port: one contract, several adapters (embedded SQLite, EventStoreDB).
 *
 * @example
 *   const result = await store.append('account-1', 'no_stream', [{ record, hash }]);
 *   for await (const stored of store.readStream('account-1')) console.log(stored.record.type);
 */
export interface EventStore {
  append(stream: string, expectedRevision: ExpectedRevision, records: HashedRecord[]): Promise<AppendResult>;
  /** many streams in one call (bulk access records); each entry is checked and applied on its own terms */
  appendMany(appends: StreamAppend[]): Promise<AppendResult[]>;
  /** throws StreamNotFoundError (missing or soft-deleted) or StreamDeletedError (tombstoned) */
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<StoredRecord>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredRecord>;
  subscribeToAll(options?: SubscribeOptions): LogSubscription;
  /** the last record of a stream, or null when it does not exist */
  lastRecord(stream: string): Promise<StoredRecord | null>;
  tombstone(stream: string, expectedRevision: ExpectedRevision): Promise<void>;
  close(): Promise<void>;
}
