import { Inject, Injectable } from '@nestjs/common';
import type { DomainEvent } from '@cip/domain';
import { parseStreamName } from '@cip/domain';
import {
  type EventStore,
  type ExpectedRevision,
  type StoredRecord,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@cip/event-store';
import type { HashedRecord } from '@cip/integrity';
import type { LedgerConfig } from '../config/ledger-config';
import { MetricsService } from '../observability/metrics.service';
import { ProblemException } from '../problems/problem';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_CONFIG } from '../tokens';
import { buildHashedRecord } from './ledger-record.factory';
import { PII_SEALER, type PiiSealer } from './pii-sealer';
import { recordIds } from './record-ids';
import { PerKeyQueue } from '../common/per-key-queue';
import { StateCache, type StreamSnapshot } from './state-cache';
import type { StreamModel } from './stream-model';

/** Who asked, and under which conditions; taken from the request's key and headers. */
export interface CommandMeta {
  /** id of the API key: `meta.actor` of every record */
  actor: string;
  correlationId: string;
  idempotencyKey?: string;
  /** If-Match: append only if the stream is exactly at this revision; never retried */
  expectedRevision?: number;
}

export interface AppendedRecord {
  id: string;
  type: string;
  revision: number;
  hash: string;
}

export interface AppendOutcome {
  stream: string;
  /** revision of the stream's last record after the append */
  revision: number;
  /** global position of the last record appended (or of the stream's last record when nothing was) */
  position: bigint | null;
  records: AppendedRecord[];
  /** the decided events in clear, for the handler only (never sent or logged) */
  events: DomainEvent[];
}

export interface StreamCommand<S> {
  stream: string;
  model: StreamModel<S>;
  /** whose data key seals the PII of these records */
  subjectId: string;
  /** the pure decision, run against the loaded state; called again on each retry */
  decide(state: S, now: Date): DomainEvent[] | Promise<DomainEvent[]>;
  meta: CommandMeta;
}

/**
 * The write path shared by every command handler: load state (cache, else replay), decide, seal PII,
 * build and chain records, append with the expected revision; on a concurrent write reload and decide
 * again, at most `appendRetries` more times (never with If-Match).
 */
@Injectable()
export class LedgerWriter {
  private readonly cache: StateCache;
  /** commands on one stream run one after another in this process (see PerKeyQueue) */
  private readonly streamQueue = new PerKeyQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PII_SEALER) private readonly sealer: PiiSealer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly metrics: MetricsService,
  ) {
    this.cache = new StateCache(config.stateCacheStreams);
  }

  execute<S>(command: StreamCommand<S>): Promise<AppendOutcome> {
    return this.streamQueue.run(command.stream, () => this.executeNow(command));
  }

  private async executeNow<S>(command: StreamCommand<S>): Promise<AppendOutcome> {
    const { stream, meta } = command;
    const kind = streamKind(stream);
    const stopTimer = this.metrics.appendDuration.startTimer({ stream_kind: kind });
    try {
      for (let attempt = 0; ; attempt++) {
        const fresh = attempt > 0;
        let snapshot = await this.load(stream, command.model, command.subjectId, { refresh: fresh });
        if (meta.expectedRevision !== undefined && snapshot.revision !== meta.expectedRevision && !fresh) {
          // the cache may be behind another writer: only the store can say the caller is wrong
          snapshot = await this.load(stream, command.model, command.subjectId, { refresh: true });
        }
        if (meta.expectedRevision !== undefined && snapshot.revision !== meta.expectedRevision) {
          throw revisionMismatch(stream, meta.expectedRevision, snapshot.revision);
        }
        if (meta.idempotencyKey !== undefined) {
          const earlier = await this.findEarlierAppend(stream, meta, snapshot.revision);
          if (earlier) return earlier;
        }
        const now = this.clock.now();
        const events = await command.decide(snapshot.state, now);
        if (events.length === 0) {
          return { stream, revision: snapshot.revision, position: null, records: [], events };
        }
        const built = await this.buildRecords(stream, command.subjectId, events, snapshot, meta, now);
        try {
          const result = await this.store.append(stream, expectedRevisionOf(snapshot.revision), built);
          this.metrics.appends.inc({ stream_kind: kind });
          this.metrics.recordsAppended.inc({ stream_kind: kind }, built.length);
          let state = snapshot.state;
          for (const event of events) state = command.model.evolve(state, event);
          this.cache.set(stream, {
            revision: result.nextExpectedRevision,
            lastHash: built[built.length - 1].hash,
            lastId: built[built.length - 1].record.id,
            state,
          });
          return {
            stream,
            revision: result.nextExpectedRevision,
            position: result.position,
            records: built.map(({ record, hash }) => ({
              id: record.id,
              type: record.type,
              revision: record.revision,
              hash,
            })),
            events,
          };
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          this.metrics.conflicts.inc({ stream_kind: kind });
          this.cache.invalidate(stream);
          if (meta.expectedRevision !== undefined) {
            throw revisionMismatch(stream, meta.expectedRevision, error.actual === 'no_stream' ? -1 : error.actual);
          }
          if (attempt >= this.config.appendRetries) {
            throw new ProblemException(
              'concurrency-conflict',
              `Stream ${stream} kept changing under ${attempt + 1} attempts; send the request again.`,
              { currentRevision: error.actual === 'no_stream' ? null : error.actual },
            );
          }
        }
      }
    } finally {
      stopTimer();
    }
  }

  /**
   * The stream's state: from the cache when present (refresh: topped up with records written since),
   * else replayed from the store with PII opened, so evolve sees what decide produced.
   */
  async load<S>(
    stream: string,
    model: StreamModel<S>,
    subjectId: string,
    options: { refresh?: boolean } = {},
  ): Promise<StreamSnapshot<S>> {
    const cached = this.cache.get<S>(stream);
    if (cached && !options.refresh) return cached;
    let snapshot: StreamSnapshot<S> = cached ?? {
      revision: -1,
      lastHash: null,
      lastId: null,
      state: model.initialState(),
    };
    let state = snapshot.state;
    let changed = false;
    for (const stored of await this.readFrom(stream, snapshot.revision + 1)) {
      const data = await this.sealer.open({
        stream,
        recordId: stored.record.id,
        type: stored.record.type,
        subjectId,
        data: stored.record.data,
      });
      state = model.evolve(state, { type: stored.record.type, schema: stored.record.schema, data });
      snapshot = { revision: stored.record.revision, lastHash: stored.hash, lastId: stored.record.id, state };
      changed = true;
    }
    if (changed || !cached) this.cache.set(stream, snapshot);
    return snapshot;
  }

  /**
   * load() for many streams of one model (a bulk request's accounts), in the order given. With `refresh`, the
   * cached states are checked against the store's heads in one call instead of one stream read each (a
   * 10,000-record request touches a thousand streams); only streams that moved, or were not cached, are read.
   */
  async loadMany<S>(
    streams: readonly { stream: string; subjectId: string }[],
    model: StreamModel<S>,
    options: { refresh?: boolean } = {},
  ): Promise<StreamSnapshot<S>[]> {
    const cached = streams.map(({ stream }) => this.cache.get<S>(stream));
    const heads = options.refresh
      ? await this.store.streamHeads(streams.filter((_, i) => cached[i] !== undefined).map(({ stream }) => stream))
      : undefined;
    const snapshots: StreamSnapshot<S>[] = [];
    for (let i = 0; i < streams.length; i++) {
      const snapshot = cached[i];
      const { stream, subjectId } = streams[i];
      const current = snapshot !== undefined && (heads === undefined || heads.get(stream) === snapshot.revision);
      // a stream that moved (or is tombstoned, which the read reports) goes the way of a single load
      snapshots.push(current ? snapshot : await this.load(stream, model, subjectId, { refresh: true }));
    }
    return snapshots;
  }

  /** Keeps a stream's state after an append made outside execute (bulk access records). */
  remember<S>(stream: string, snapshot: StreamSnapshot<S>): void {
    this.cache.set(stream, snapshot);
  }

  /** Forgets a stream's cached state (after a write this writer did not make, e.g. a conflict elsewhere). */
  invalidate(stream: string): void {
    this.cache.invalidate(stream);
  }

  private async readFrom(stream: string, fromRevision: number): Promise<StoredRecord[]> {
    const records: StoredRecord[] = [];
    try {
      for await (const stored of this.store.readStream(stream, { fromRevision })) records.push(stored);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    return records;
  }

  /**
   * A request with an Idempotency-Key whose records are already in the stream (the process stopped after
   * appending but before storing the response): answer with those records instead of appending again.
   */
  private async findEarlierAppend(
    stream: string,
    meta: CommandMeta,
    revision: number,
  ): Promise<AppendOutcome | undefined> {
    if (revision < 0) return undefined;
    const [firstId] = recordIds(1, { actor: meta.actor, key: meta.idempotencyKey! });
    const last = await this.store.lastRecord(stream);
    if (!last || last.record.meta.actor !== meta.actor) return undefined;
    // records of one request are appended together and are the newest unless something came after them
    const recent = await this.readFrom(stream, Math.max(0, last.record.revision - 99));
    const start = recent.findIndex((stored) => stored.record.id === firstId);
    if (start < 0) return undefined;
    const mine = recent
      .slice(start)
      .filter((stored) => stored.record.meta.correlationId === recent[start].record.meta.correlationId);
    const lastMine = mine[mine.length - 1];
    return {
      stream,
      revision: lastMine.record.revision,
      position: lastMine.position,
      records: mine.map(({ record, hash }) => ({ id: record.id, type: record.type, revision: record.revision, hash })),
      events: mine.map(({ record }) => ({ type: record.type, schema: record.schema, data: record.data })),
    };
  }

  private async buildRecords(
    stream: string,
    subjectId: string,
    events: DomainEvent[],
    snapshot: StreamSnapshot<unknown>,
    meta: CommandMeta,
    now: Date,
  ): Promise<HashedRecord[]> {
    const ids = recordIds(
      events.length,
      meta.idempotencyKey !== undefined ? { actor: meta.actor, key: meta.idempotencyKey } : undefined,
    );
    const recordedAt = now.toISOString();
    const built: HashedRecord[] = [];
    let prev = snapshot.lastHash;
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const data = await this.sealer.seal({
        stream,
        recordId: ids[index],
        type: event.type,
        subjectId,
        data: event.data as Record<string, unknown>,
      });
      const hashed = buildHashedRecord({
        stream,
        revision: snapshot.revision + 1 + index,
        id: ids[index],
        type: event.type,
        schema: event.schema,
        recordedAt,
        data,
        actor: meta.actor,
        correlationId: meta.correlationId,
        prev,
      });
      built.push(hashed);
      prev = hashed.hash;
    }
    return built;
  }
}

export function expectedRevisionOf(revision: number): ExpectedRevision {
  return revision < 0 ? 'no_stream' : revision;
}

export function streamKind(stream: string): string {
  return parseStreamName(stream)?.kind ?? 'other';
}

function revisionMismatch(stream: string, expected: number, actual: number): ProblemException {
  return new ProblemException(
    'revision-mismatch',
    `If-Match expected ${stream} at revision ${expected}; it is at ${actual < 0 ? 'no revision (empty)' : actual}.`,
    { currentRevision: actual < 0 ? null : actual },
  );
}
