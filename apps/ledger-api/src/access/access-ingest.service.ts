import { Inject, Injectable } from '@nestjs/common';
import {
  type AccessRecorded,
  type AccessState,
  type DomainError,
  type RecordAccess,
  accessStream,
  accountStream,
  decideAccessBatch,
  eventSchemaVersions,
} from '@cip/domain';
import {
  AppendManyError,
  type AppendResult,
  type EventStore,
  type StoredRecord,
  type StreamAppend,
  WrongExpectedVersionError,
} from '@cip/event-store';
import type { HashedRecord } from '@cip/integrity';
import type { LedgerConfig } from '../config/ledger-config';
import { type CommandMeta, LedgerWriter, expectedRevisionOf } from '../ledger/ledger-writer.service';
import { buildHashedRecord } from '../ledger/ledger-record.factory';
import { recordIds } from '../ledger/record-ids';
import { accessModel, accountModel } from '../ledger/stream-models';
import { MetricsService } from '../observability/metrics.service';
import { ProblemException } from '../problems/problem';
import { domainProblem } from '../problems/domain-problem';
import { CLOCK, type Clock, EVENT_STORE, LEDGER_CONFIG } from '../tokens';
import type { AccessRecordInput } from './access-record.validation';

export interface StreamAppendSummary {
  stream: string;
  firstRevision: number;
  revision: number;
  position: bigint;
  hashes: string[];
}

export interface BulkOutcome {
  appended: number;
  streams: StreamAppendSummary[];
}

/** One account's share of a request: its items (with their index in the request) and what was decided. */
interface AccountBatch {
  accountId: string;
  stream: string;
  items: { index: number; input: AccessRecordInput }[];
}

/** A share that an earlier attempt of the same request (same Idempotency-Key) wrote, ending at `revision`. */
interface EarlierWrite {
  batch: AccountBatch;
  revision: number;
}

/** One account's decided share, and (once built) what its records' summary needs of them. */
interface PreparedAppend {
  batch: AccountBatch;
  state: AccessState;
  /** the decided events; emptied once built into records, so that they die young (see `built`) */
  events: AccessRecorded[];
  /** revision and hash the new records continue from */
  revision: number;
  lastHash: string | null;
  /**
   * Set when the share's records were built: their hashes and the last one's id. The records themselves are
   * not kept: once the store has taken their text they are garbage, and a young object dies cheaply, where
   * 10,000 records kept to the end of the request survived (and were copied by) every scavenge meanwhile.
   */
  built?: { hashes: string[]; lastId: string };
}

/**
 * Bulk access records: groups a request's records by account, loads each account's state once (open?
 * closed when?), runs the domain's batch decision for every account, then builds and chains the records
 * while the store writes them: all streams in ONE appendMany call, one transaction. Every record must be
 * accepted, or nothing is appended (a refusal names each refused index). Streams that meet a concurrent
 * writer are re-decided and retried on their own. AccessRecorded holds no PII (IPs and times are not PII
 * here), so nothing is sealed.
 */
@Injectable()
export class AccessIngest {
  constructor(
    private readonly writer: LedgerWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly metrics: MetricsService,
  ) {}

  async ingest(inputs: AccessRecordInput[], meta: CommandMeta): Promise<BulkOutcome> {
    const stopTimer = this.metrics.appendDuration.startTimer({ stream_kind: 'access' });
    try {
      let pending = groupByAccount(inputs);
      const summaries: StreamAppendSummary[] = [];
      const ids = recordIds(
        inputs.length,
        meta.idempotencyKey !== undefined ? { actor: meta.actor, key: meta.idempotencyKey } : undefined,
      );
      for (let attempt = 0; pending.length > 0; attempt++) {
        const now = this.clock.now();
        const { prepared, writtenBefore } = await this.decideAll(pending, now, attempt > 0, ids, meta);
        for (const entry of writtenBefore) summaries.push(await this.summaryOfEarlierWrite(entry));
        // records are built (hashed, chained) lazily, while the store writes the ones built before
        const outcomes = await this.appendAll(this.buildAppends(prepared, now.toISOString(), ids, meta));
        const conflicted: AccountBatch[] = [];
        outcomes.forEach((outcome, i) => {
          const { batch, state, revision } = prepared[i];
          const { hashes, lastId } = prepared[i].built!;
          if (outcome instanceof WrongExpectedVersionError) {
            this.writer.invalidate(batch.stream);
            conflicted.push(batch);
            return;
          }
          if (outcome instanceof Error) throw outcome;
          this.writer.remember(batch.stream, {
            revision: outcome.nextExpectedRevision,
            lastHash: hashes[hashes.length - 1],
            lastId,
            state,
          });
          summaries.push({
            stream: batch.stream,
            firstRevision: revision + 1,
            revision: outcome.nextExpectedRevision,
            position: outcome.position,
            hashes,
          });
        });
        const written = prepared.length - conflicted.length;
        if (written > 0) {
          this.metrics.appends.inc({ stream_kind: 'access' }, written);
          this.metrics.recordsAppended.inc(
            { stream_kind: 'access' },
            prepared.reduce(
              (sum, entry, i) => sum + (outcomes[i] instanceof Error ? 0 : entry.built!.hashes.length),
              0,
            ),
          );
        }
        if (conflicted.length > 0) {
          this.metrics.conflicts.inc({ stream_kind: 'access' }, conflicted.length);
          if (attempt >= this.config.appendRetries) {
            throw new ProblemException(
              'concurrency-conflict',
              `${conflicted.length} access stream(s) kept changing under ${attempt + 1} attempts; the others were appended. Send the request again with the same Idempotency-Key.`,
              { streams: conflicted.map((batch) => batch.stream), appended: summaries },
            );
          }
        }
        pending = conflicted;
      }
      summaries.sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
      return { appended: inputs.length, streams: summaries };
    } finally {
      stopTimer();
    }
  }

  /**
   * Loads every account's state and decides all its records first: a single refusal anywhere refuses the
   * whole request before anything is built or written. With an Idempotency-Key, a share whose records already
   * stand at the head of its stream (the same ids, derived from the key) was written by an earlier attempt of
   * this request that did not get to answer (a crash, or a conflict on other streams): it is not written again.
   */
  private async decideAll(
    batches: AccountBatch[],
    now: Date,
    fresh: boolean,
    ids: string[],
    meta: CommandMeta,
  ): Promise<{ prepared: PreparedAppend[]; writtenBefore: EarlierWrite[] }> {
    const context = { now, policy: this.config.policy };
    const refusals: { index: number; error: DomainError }[] = [];
    const prepared: PreparedAppend[] = [];
    const writtenBefore: EarlierWrite[] = [];
    const subjects = batches.map((batch) => ({ stream: batch.stream, subjectId: batch.accountId }));
    const accesses = await this.writer.loadMany(subjects, accessModel, { refresh: fresh });
    // closure is decided on the account stream, which other requests may have changed: always checked
    const accounts = await this.writer.loadMany(
      batches.map((batch) => ({ stream: accountStream(batch.accountId), subjectId: batch.accountId })),
      accountModel,
      { refresh: true },
    );
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i];
      const access = accesses[i];
      const lastItem = batch.items[batch.items.length - 1];
      if (meta.idempotencyKey !== undefined && access.lastId !== null && access.lastId === ids[lastItem.index]) {
        writtenBefore.push({ batch, revision: access.revision });
        continue;
      }
      const account = accounts[i];
      const commands: RecordAccess[] = batch.items.map(({ input }) => ({ type: 'RecordAccess', data: input }));
      const decision = decideAccessBatch(commands, access.state, { ...context, account: account.state });
      for (const outcome of decision.outcomes) {
        if (!outcome.accepted) refusals.push({ index: batch.items[outcome.index].index, error: outcome.error });
      }
      if (refusals.length > 0) continue;
      prepared.push({
        batch,
        state: decision.state,
        events: decision.events,
        revision: access.revision,
        lastHash: access.lastHash,
      });
    }
    if (refusals.length > 0) throw refused(refusals);
    return { prepared, writtenBefore };
  }

  /** What an earlier attempt wrote for a share, read back from the head of its stream. */
  private async summaryOfEarlierWrite({ batch, revision }: EarlierWrite): Promise<StreamAppendSummary> {
    const records: StoredRecord[] = [];
    for await (const stored of this.store.readStream(batch.stream, {
      direction: 'backwards',
      fromRevision: revision,
      maxCount: batch.items.length,
    })) {
      records.unshift(stored);
    }
    return {
      stream: batch.stream,
      firstRevision: records[0].record.revision,
      revision,
      position: records[records.length - 1].position,
      hashes: records.map((stored) => stored.hash),
    };
  }

  /** Each decided share as a chained append, built when the store asks for it (its hashes kept on the share). */
  private *buildAppends(
    prepared: PreparedAppend[],
    recordedAt: string,
    ids: string[],
    meta: CommandMeta,
  ): Generator<StreamAppend> {
    for (const entry of prepared) {
      const { batch, events } = entry;
      const records: HashedRecord[] = new Array<HashedRecord>(events.length);
      const hashes: string[] = new Array<string>(events.length);
      let prev = entry.lastHash;
      for (let i = 0; i < events.length; i++) {
        const event = events[i];
        const hashed = buildHashedRecord({
          stream: batch.stream,
          revision: entry.revision + 1 + i,
          id: ids[batch.items[i].index],
          type: event.type,
          schema: eventSchemaVersions.AccessRecorded,
          recordedAt,
          data: event.data,
          actor: meta.actor,
          correlationId: meta.correlationId,
          prev,
        });
        records[i] = hashed;
        hashes[i] = hashed.hash;
        prev = hashed.hash;
      }
      entry.built = { hashes, lastId: ids[batch.items[events.length - 1].index] };
      entry.events = [];
      yield { stream: batch.stream, expectedRevision: expectedRevisionOf(entry.revision), records };
    }
  }

  /** appendMany's outcome per entry: its result, or the error that entry alone met. */
  private async appendAll(appends: Iterable<StreamAppend>): Promise<(AppendResult | Error)[]> {
    try {
      return await this.store.appendMany(appends);
    } catch (error) {
      if (error instanceof AppendManyError) return [...error.outcomes];
      throw error;
    }
  }
}

function groupByAccount(inputs: AccessRecordInput[]): AccountBatch[] {
  const batches = new Map<string, AccountBatch>();
  inputs.forEach((input, index) => {
    let batch = batches.get(input.accountId);
    if (!batch) {
      batch = { accountId: input.accountId, stream: accessStream(input.accountId), items: [] };
      batches.set(input.accountId, batch);
    }
    batch.items.push({ index, input });
  });
  return [...batches.values()];
}

/** Refused records: the problem of the first refusal (its rule and status), every refusal listed by index. */
function refused(refusals: { index: number; error: DomainError }[]): ProblemException {
  refusals.sort((a, b) => a.index - b.index);
  const first = domainProblem(refusals[0].error)!;
  return new ProblemException(
    { code: refusals[0].error.code, status: first.status, title: first.title },
    `${refusals.length} access record(s) were refused (first: ${refusals[0].error.message}); nothing was appended.`,
    {
      rule: refusals[0].error.code,
      errors: refusals.slice(0, 100).map(({ index, error }) => ({
        field: `[${index}]${typeof error.details.field === 'string' ? `.${error.details.field}` : ''}`,
        message: error.message,
        rule: error.code,
      })),
    },
  );
}
