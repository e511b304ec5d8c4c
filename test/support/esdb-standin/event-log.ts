import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

/**
 * The stand-in's storage: one in-memory transaction log ($all) plus a per-stream index, with the write
 * rules of EventStoreDB's storage writer (expected-version checks, idempotent re-appends, soft delete
 * with undelete, tombstones). Nothing here knows about gRPC.
 */

/** Expected versions as the server encodes them (long): >= 0 is an exact revision. */
export const EXPECTED_ANY = -2n;
export const EXPECTED_NO_STREAM = -1n;
export const EXPECTED_STREAM_EXISTS = -4n;
/** Event number of a tombstone, and the `$tb` of a soft-deleted stream (long.MaxValue). */
export const DELETED_STREAM = 2n ** 63n - 1n;
/** 100-nanosecond ticks per millisecond: `created` travels as ticks since the Unix epoch. */
const TICKS_PER_MILLISECOND = 10_000n;
/** A real log starts with its own system records, so the first user event is never at position 0. */
const FIRST_POSITION = 1_024n;
/** Bytes a log record spends besides its payload; positions are byte offsets, hence not contiguous. */
const RECORD_OVERHEAD = 96n;

export interface ProposedEvent {
  /** lower-case UUID text */
  id: string;
  type: string;
  isJson: boolean;
  data: Uint8Array;
  metadata: Uint8Array;
}

export interface RecordedEvent extends ProposedEvent {
  stream: string;
  revision: bigint;
  /** ticks (100 ns) since the Unix epoch */
  created: bigint;
  /** commit position = prepare position, the record's byte offset in the log */
  position: bigint;
}

export type WriteOutcome =
  | { kind: 'success'; lastRevision: bigint; position: bigint | null }
  | { kind: 'wrong-expected-version'; currentRevision: bigint }
  | { kind: 'stream-deleted' };

export type DeleteOutcome =
  | { kind: 'success'; position: bigint }
  | { kind: 'wrong-expected-version'; currentRevision: bigint }
  | { kind: 'stream-deleted' };

type CommitDecision =
  | { kind: 'ok'; currentRevision: bigint; softDeleted: boolean }
  | { kind: 'idempotent'; lastRevision: bigint }
  | { kind: 'wrong-expected-version'; currentRevision: bigint }
  | { kind: 'deleted' };

interface StreamState {
  /** events by revision; revisions are contiguous from 0 (a soft delete does not restart numbering) */
  events: RecordedEvent[];
  tombstone?: RecordedEvent;
}

/** The visible part of a stream for reads, after its metadata ($tb, $maxCount, $maxAge) is applied. */
export type StreamView =
  | { kind: 'not-found' }
  | { kind: 'deleted' }
  | { kind: 'events'; events: RecordedEvent[]; firstVisible: bigint; lastRevision: bigint };

export function metastreamOf(stream: string): string {
  return `$$${stream}`;
}

export class EventLog {
  /** every record in commit order: the $all stream */
  readonly all: RecordedEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  /** event id -> where it was committed: the server's idempotency index */
  private readonly committedIds = new Map<string, { stream: string; revision: bigint }>();
  private readonly appended = new EventEmitter();
  private nextPosition = FIRST_POSITION;

  constructor() {
    this.appended.setMaxListeners(0);
    // A fresh EventStoreDB writes system records of its own; user code sees them in an unfiltered $all.
    this.writeSystemEvent('$$$scavenges', '$metadata', { $maxAge: 2_592_000 });
  }

  /** Resolves on the next write (or at once if the log already holds more than `knownLength` records). */
  waitForAppend(knownLength: number, signal: AbortSignal): Promise<void> {
    if (this.all.length > knownLength || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.appended.off('appended', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.appended.on('appended', done);
      signal.addEventListener('abort', done);
    });
  }

  lastRevision(stream: string): bigint {
    const state = this.streams.get(stream);
    if (state?.tombstone) return DELETED_STREAM;
    return BigInt((state?.events.length ?? 0) - 1);
  }

  append(stream: string, expected: bigint, events: ProposedEvent[]): WriteOutcome {
    const decision = this.checkCommit(
      stream,
      expected,
      events.map((event) => event.id),
    );
    switch (decision.kind) {
      case 'deleted':
        return { kind: 'stream-deleted' };
      case 'wrong-expected-version':
        return { kind: 'wrong-expected-version', currentRevision: decision.currentRevision };
      case 'idempotent': {
        const last = this.streams.get(stream)?.events[Number(decision.lastRevision)];
        return { kind: 'success', lastRevision: decision.lastRevision, position: last?.position ?? null };
      }
      case 'ok': {
        if (events.length === 0) {
          return { kind: 'success', lastRevision: decision.currentRevision, position: null };
        }
        const firstNewRevision = decision.currentRevision + 1n;
        let last: RecordedEvent | undefined;
        for (const event of events) last = this.write(stream, event);
        // Writing to a soft-deleted stream undeletes it: history before the new events stays hidden.
        if (decision.softDeleted) this.rewriteTruncateBefore(stream, firstNewRevision);
        this.appended.emit('appended');
        return { kind: 'success', lastRevision: last!.revision, position: last!.position };
      }
    }
  }

  /** Streams/Delete (soft: `$tb` = DeletedStream in the metastream) and Streams/Tombstone (hard). */
  delete(stream: string, expected: bigint, hard: boolean): DeleteOutcome {
    const decision = this.checkCommit(stream, expected, [randomUUID()]);
    if (decision.kind === 'deleted') return { kind: 'stream-deleted' };
    if (decision.kind === 'wrong-expected-version') {
      return { kind: 'wrong-expected-version', currentRevision: decision.currentRevision };
    }
    const state = this.stateOf(stream);
    if (hard) {
      const tombstone = this.record(stream, DELETED_STREAM, {
        id: randomUUID(),
        type: '$streamDeleted',
        isJson: false,
        data: new Uint8Array(),
        metadata: new Uint8Array(),
      });
      state.tombstone = tombstone;
      this.appended.emit('appended');
      return { kind: 'success', position: tombstone.position };
    }
    if (state.events.length === 0 && this.lastRevision(metastreamOf(stream)) < 0n) {
      return { kind: 'wrong-expected-version', currentRevision: -1n };
    }
    // The server writes {"$tb": long.MaxValue} as the whole new metadata, dropping what was there.
    const written = this.writeSystemEvent(metastreamOf(stream), '$metadata', `{"$tb":${DELETED_STREAM}}`);
    return { kind: 'success', position: written.position };
  }

  view(stream: string, nowMs = Date.now()): StreamView {
    const state = this.streams.get(stream);
    if (state?.tombstone) return { kind: 'deleted' };
    if (!state || state.events.length === 0) return { kind: 'not-found' };
    const metadata = this.metadataOf(stream);
    if (metadata.truncateBefore === DELETED_STREAM) return { kind: 'not-found' };
    const lastRevision = BigInt(state.events.length - 1);
    let firstVisible = metadata.truncateBefore ?? 0n;
    if (metadata.maxCount !== undefined) {
      const byCount = lastRevision - metadata.maxCount + 1n;
      if (byCount > firstVisible) firstVisible = byCount;
    }
    if (metadata.maxAgeSeconds !== undefined) {
      const oldestTicks = (BigInt(nowMs) - metadata.maxAgeSeconds * 1000n) * TICKS_PER_MILLISECOND;
      while (firstVisible <= lastRevision && state.events[Number(firstVisible)].created < oldestTicks) {
        firstVisible += 1n;
      }
    }
    return { kind: 'events', events: state.events, firstVisible, lastRevision };
  }

  /** Index in `all` of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.all[middle].position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * The storage writer's commit check (IndexWriter.CheckCommit): deleted streams, expected versions and
   * idempotency. With `any`/`stream_exists` only the first event id decides whether this is a replay;
   * with an exact revision behind the stream, every id must match the events already at those revisions.
   */
  private checkCommit(stream: string, expected: bigint, eventIds: string[]): CommitDecision {
    const current = this.lastRevision(stream);
    if (current === DELETED_STREAM) return { kind: 'deleted' };
    const softDeleted = this.metadataOf(stream).truncateBefore === DELETED_STREAM;

    if (expected === EXPECTED_STREAM_EXISTS) {
      if (softDeleted) return { kind: 'deleted' };
      if (current < 0n && this.lastRevision(metastreamOf(stream)) < 0n) {
        return { kind: 'wrong-expected-version', currentRevision: current };
      }
    }

    if (expected === EXPECTED_ANY || expected === EXPECTED_STREAM_EXISTS) {
      let end = -1n;
      for (const [index, id] of eventIds.entries()) {
        const committed = this.committedIds.get(id);
        if (!committed || committed.stream !== stream) {
          return index === 0
            ? { kind: 'ok', currentRevision: current, softDeleted }
            : { kind: 'wrong-expected-version', currentRevision: current };
        }
        end = committed.revision;
      }
      return eventIds.length === 0
        ? { kind: 'ok', currentRevision: current, softDeleted }
        : { kind: 'idempotent', lastRevision: end };
    }

    if (expected < current) {
      let revision = expected;
      for (const id of eventIds) {
        revision += 1n;
        const committed = this.committedIds.get(id);
        if (committed && committed.stream === stream && committed.revision === revision) continue;
        if (revision !== expected + 1n) return { kind: 'wrong-expected-version', currentRevision: current };
        if (expected === EXPECTED_NO_STREAM && softDeleted) {
          return { kind: 'ok', currentRevision: current, softDeleted };
        }
        return { kind: 'wrong-expected-version', currentRevision: current };
      }
      return revision === expected
        ? { kind: 'wrong-expected-version', currentRevision: current }
        : { kind: 'idempotent', lastRevision: revision };
    }
    if (expected > current) return { kind: 'wrong-expected-version', currentRevision: current };
    return { kind: 'ok', currentRevision: current, softDeleted };
  }

  private write(stream: string, event: ProposedEvent): RecordedEvent {
    const state = this.stateOf(stream);
    const recorded = this.record(stream, BigInt(state.events.length), event);
    state.events.push(recorded);
    this.committedIds.set(event.id, { stream, revision: recorded.revision });
    return recorded;
  }

  private record(stream: string, revision: bigint, event: ProposedEvent): RecordedEvent {
    const recorded: RecordedEvent = {
      ...event,
      stream,
      revision,
      created: BigInt(Date.now()) * TICKS_PER_MILLISECOND,
      position: this.nextPosition,
    };
    const size =
      RECORD_OVERHEAD +
      BigInt(Buffer.byteLength(stream) + event.type.length * 2 + event.data.length + event.metadata.length);
    this.nextPosition += size;
    this.all.push(recorded);
    return recorded;
  }

  private writeSystemEvent(stream: string, type: string, data: unknown): RecordedEvent {
    const json = typeof data === 'string' ? data : JSON.stringify(data);
    const written = this.write(stream, {
      id: randomUUID(),
      type,
      isJson: true,
      data: Buffer.from(json, 'utf8'),
      metadata: new Uint8Array(),
    });
    this.appended.emit('appended');
    return written;
  }

  private rewriteTruncateBefore(stream: string, truncateBefore: bigint): void {
    const current = this.rawMetadataOf(stream) ?? {};
    const json = JSON.stringify({ ...current, $tb: '__TB__' }).replace('"__TB__"', truncateBefore.toString());
    this.writeSystemEvent(metastreamOf(stream), '$metadata', json);
  }

  private stateOf(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) {
      state = { events: [] };
      this.streams.set(stream, state);
    }
    return state;
  }

  private rawMetadataOf(stream: string): Record<string, unknown> | undefined {
    const events = this.streams.get(metastreamOf(stream))?.events;
    const last = events?.[events.length - 1];
    if (!last?.isJson) return undefined;
    try {
      const parsed: unknown = JSON.parse(Buffer.from(last.data).toString('utf8'));
      return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined; // the server, too, ignores metadata it cannot parse
    }
  }

  private metadataOf(stream: string): { truncateBefore?: bigint; maxCount?: bigint; maxAgeSeconds?: bigint } {
    const raw = this.rawMetadataOf(stream);
    if (!raw) return {};
    return {
      truncateBefore: toLong(raw.$tb),
      maxCount: toLong(raw.$maxCount),
      maxAgeSeconds: toLong(raw.$maxAge),
    };
  }
}

/**
 * JSON numbers beyond 2^53 (the soft-delete marker long.MaxValue) lose precision in JSON.parse; any
 * value that large can only mean DeletedStream.
 */
function toLong(value: unknown): bigint | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (value > Number.MAX_SAFE_INTEGER) return DELETED_STREAM;
  return BigInt(Math.trunc(value));
}
