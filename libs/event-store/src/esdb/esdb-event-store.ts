import {
  BACKWARDS,
  EventStoreDBClient,
  FORWARDS,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ReadPosition,
  type ReadRevision,
  type ResolvedEvent,
  type ExpectedRevision as TombstoneRevision,
} from '@eventstore/db-client';
import type { HashedRecord } from '@cip/integrity';
import { checkAppend } from '../append-rules';
import { AppendManyError, InvalidAppendError, StreamDeletedError, StreamNotFoundError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  GlobalPosition,
  LogSubscription,
  ReadAllOptions,
  ReadStreamOptions,
  StoredRecord,
  StreamAppend,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { matchesLogFilter } from '../log-filter';
import { isConnectionLoss, toPortError } from './esdb-errors';
import { EsdbLogSubscription } from './esdb-log-subscription';
import { toEventData, toStoredRecord } from './record-event-mapping';
import { abortableDelay, backoffDelay, DEFAULT_RECONNECT_POLICY, type ReconnectPolicy } from './reconnect-policy';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` (EVENTSTORE_CONNECTION_STRING) */
  connectionString: string;
  /** events per read call when paging through a stream or the global log */
  pageSize?: number;
  reconnect?: Partial<ReconnectPolicy>;
}

const DEFAULT_PAGE_SIZE = 500;
/** streamHeads' reads in flight at once: EventStoreDB has no multi-stream read, so each head is one call */
const HEAD_READS_IN_FLIGHT = 32;

/**
 * Opens the EventStoreDB adapter (LEDGER_EVENT_STORE=esdb). The connection is made lazily by the client.
 *
 * @example
 *   const store = createEsdbEventStore('esdb://localhost:2113?tls=false');
 *   await store.append('account-1', 'no_stream', [{ record, hash }]);
 *   await store.close();
 */
export function createEsdbEventStore(options: string | EsdbEventStoreOptions): EsdbEventStore {
  return new EsdbEventStore(typeof options === 'string' ? { connectionString: options } : options);
}

/**
 * The EventStore port on EventStoreDB through @eventstore/db-client 6.x. Records map onto events as
 * integrity-format section 1 says (record-event-mapping.ts). Expected revisions are always sent exact,
 * derived from the records' own revisions, so the server's expected-version check and its idempotency
 * check both apply to what the records claim.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly pageSize: number;
  private readonly policy: ReconnectPolicy;
  private readonly subscriptions = new Set<EsdbLogSubscription>();
  private closed = false;
  /** aborted by close(): ends the pauses of appends and reads waiting to try again after a lost connection */
  private readonly closing = new AbortController();

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...options.reconnect };
  }

  async append(stream: string, expectedRevision: ExpectedRevision, records: HashedRecord[]): Promise<AppendResult> {
    this.ensureOpen();
    const texts = checkAppend(stream, expectedRevision, records);
    // $all readers leave system streams out, so a record there would vanish from the ledger log
    if (stream.startsWith('$')) throw new InvalidAppendError(stream, 'stream names starting with $ are reserved');
    const sizeBytes = texts.reduce((total, text) => total + Buffer.byteLength(text, 'utf8'), 0);
    const first = records[0].record.revision;
    // `any` and `stream_exists` too: the records' revisions are the caller's real expectation
    const wireRevision: AppendExpectedRevision = first === 0 ? 'no_stream' : BigInt(first - 1);
    const events = records.map(toEventData);
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.client.appendToStream(stream, events, { expectedRevision: wireRevision });
        if (!result.position) throw new Error(`append to ${stream} returned no position`);
        return { nextExpectedRevision: Number(result.nextExpectedRevision), position: result.position.commit };
      } catch (error) {
        // repeating the same event ids at the same exact revision is idempotent, so a lost reply is safe to retry
        if (await this.mayTryAgain(error, attempt)) continue;
        throw toPortError(error, stream, { expected: expectedRevision, sizeBytes });
      }
    }
  }

  /** Entries run one after another: each sees the earlier ones, and positions follow entry order. */
  async appendMany(appends: Iterable<StreamAppend>): Promise<AppendResult[]> {
    const outcomes: Array<AppendResult | Error> = [];
    for (const entry of appends) {
      try {
        outcomes.push(await this.append(entry.stream, entry.expectedRevision, entry.records));
      } catch (error) {
        outcomes.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (outcomes.some((outcome) => outcome instanceof Error)) throw new AppendManyError(outcomes);
    return outcomes as AppendResult[];
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredRecord> {
    this.ensureOpen();
    const backwards = options.direction === 'backwards';
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    let from: ReadRevision =
      options.fromRevision === undefined
        ? backwards
          ? 'end'
          : 'start'
        : typeof options.fromRevision === 'number'
          ? BigInt(options.fromRevision)
          : options.fromRevision;
    while (remaining > 0) {
      const maxCount = Math.min(remaining, this.pageSize);
      const page = await this.readStreamPage(stream, from, maxCount, backwards);
      for (const resolved of page) {
        const stored = toStoredRecord(resolved);
        remaining--;
        from = BigInt(stored.record.revision) + (backwards ? -1n : 1n);
        yield stored;
      }
      if (page.length < maxCount || (typeof from === 'bigint' && from < 0n)) return;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredRecord> {
    this.ensureOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    // 6.x sends no filter with readAll, so records are filtered here; pages continue after the last position
    let lastSeen: GlobalPosition | undefined;
    let cursor: ReadPosition = typeof from === 'bigint' ? { commit: from, prepare: from } : from;
    if (backwards && typeof from === 'bigint') {
      // the server reads backwards from *before* a position; the record at it comes first
      for (const resolved of await this.readAllPage({ commit: from, prepare: from }, 1, false)) {
        if (resolved.event?.position?.commit === from && this.passes(resolved, options)) {
          remaining--;
          yield toStoredRecord(resolved);
        }
      }
      lastSeen = from;
    }
    while (remaining > 0) {
      let received = 0;
      for (const resolved of await this.readAllPage(cursor, this.pageSize, backwards)) {
        received++;
        const position = resolved.event?.position?.commit;
        if (position === undefined) continue;
        if (lastSeen !== undefined && (backwards ? position >= lastSeen : position <= lastSeen)) continue;
        lastSeen = position;
        cursor = { commit: position, prepare: position };
        if (!this.passes(resolved, options)) continue;
        remaining--;
        yield toStoredRecord(resolved);
        if (remaining <= 0) return;
      }
      if (received < this.pageSize) return;
    }
  }

  async lastRecord(stream: string): Promise<StoredRecord | null> {
    try {
      for await (const stored of this.readStream(stream, { direction: 'backwards', maxCount: 1 })) return stored;
      return null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
  }

  /** One backwards read of one record per stream, a few dozen in flight at a time. */
  async streamHeads(streams: readonly string[]): Promise<Map<string, StreamHead>> {
    this.ensureOpen();
    const heads = new Map<string, StreamHead>();
    const names = [...new Set(streams)];
    for (let start = 0; start < names.length; start += HEAD_READS_IN_FLIGHT) {
      await Promise.all(
        names.slice(start, start + HEAD_READS_IN_FLIGHT).map(async (stream) => {
          try {
            const last = await this.lastRecord(stream);
            heads.set(stream, last ? last.record.revision : -1);
          } catch (error) {
            if (!(error instanceof StreamDeletedError)) throw error;
            heads.set(stream, 'deleted');
          }
        }),
      );
    }
    return heads;
  }

  subscribeToAll(options: SubscribeOptions = {}): LogSubscription {
    this.ensureOpen();
    const subscription = new EsdbLogSubscription(this.client, options, this.policy, (closed) =>
      this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async tombstone(stream: string, expectedRevision: ExpectedRevision): Promise<void> {
    this.ensureOpen();
    try {
      // the client's typings leave out stream_exists for tombstones, but it sends it (tombstoneStream.js)
      const wireRevision = (
        typeof expectedRevision === 'number' ? BigInt(expectedRevision) : expectedRevision
      ) as TombstoneRevision;
      await this.client.tombstoneStream(stream, { expectedRevision: wireRevision });
    } catch (error) {
      throw toPortError(error, stream, { expected: expectedRevision });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private passes(resolved: AllStreamResolvedEvent, options: ReadAllOptions): boolean {
    const event = resolved.event;
    return !!event && matchesLogFilter(event.streamId, event.type, options.filter);
  }

  private readStreamPage(stream: string, from: ReadRevision, maxCount: number, backwards: boolean) {
    const direction = backwards ? BACKWARDS : FORWARDS;
    return this.readPage<ResolvedEvent>(
      () => this.client.readStream(stream, { fromRevision: from, maxCount, direction }),
      stream,
    );
  }

  private readAllPage(from: ReadPosition, maxCount: number, backwards: boolean) {
    const direction = backwards ? BACKWARDS : FORWARDS;
    return this.readPage<AllStreamResolvedEvent>(() =>
      this.client.readAll({ fromPosition: from, maxCount, direction }),
    );
  }

  /**
   * Reads one page to its end before handing it on. A client read stream left half-consumed never
   * finishes, and client.dispose() waits for every stream to finish. A dropped connection retries the
   * page: reads are safe to repeat.
   */
  private async readPage<T>(open: () => AsyncIterable<unknown>, stream = '$all'): Promise<T[]> {
    for (let attempt = 0; ; attempt++) {
      const received: T[] = [];
      try {
        for await (const resolved of open()) received.push(resolved as T);
        return received;
      } catch (error) {
        if (await this.mayTryAgain(error, attempt)) continue;
        throw toPortError(error, stream);
      }
    }
  }

  /**
   * After a lost connection: pauses, then says whether the call is to be made again (attempts left, the store
   * still open). close() ends the pause at once, and the call then fails with the connection's error, as when
   * the attempts run out: a pending timer must not keep the process alive, nor a call go to a disposed client.
   */
  private async mayTryAgain(error: unknown, attempt: number): Promise<boolean> {
    if (!isConnectionLoss(error) || attempt >= this.policy.appendAttempts || this.closed) return false;
    await abortableDelay(backoffDelay(this.policy, attempt), this.closing.signal);
    return !this.closed;
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error('the EventStoreDB event store is closed');
  }
}
