import fs from 'node:fs';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { HashedRecord } from '@cip/integrity';
import { checkAppend, MAX_APPEND_BYTES } from '../append-rules';
import { matchesLogFilter } from '../log-filter';
import {
  AppendManyError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  LogSubscription,
  ReadAllOptions,
  ReadStreamOptions,
  StoredRecord,
  StreamAppend,
  StreamHead,
  SubscribeOptions,
} from '../event-store.port';
import { commitNotifierFor, type CommitNotifier } from './commit-notifier';
import { openLogDatabase } from './sqlite-log-schema';
import {
  type WireAppend,
  type WireAppendResult,
  type WireOperation,
  type WireOutcome,
  type WireRefusal,
  toWireAppend,
} from './sqlite-log-writer';
import { WriterThread } from './writer-thread';
import { toStoredRecord } from './stored-record';
import { LogPageStatements } from './log-page-query';
import { SqliteLogSubscription } from './sqlite-log-subscription';
import { type AppendedRows, type CommittedAppend, appendedRows } from './committed-appends';

export interface SqliteEventStoreOptions {
  /** directory for `event-log.sqlite` (LEDGER_DATA_DIR); created when missing */
  dataDir?: string;
  /** the log file itself; takes precedence over dataDir */
  file?: string;
  /** how often idle subscriptions look for other processes' writes (ms); in-process commits wake them at once */
  pollIntervalMs?: number;
  maxAppendBytes?: number;
}

export const SQLITE_LOG_FILE_NAME = 'event-log.sqlite';

/**
 * Opens the embedded event store.
 *
 * @example
 *   const store = createSqliteEventStore({ dataDir: process.env.LEDGER_DATA_DIR });
 *   await store.append('account-1', 'no_stream', [{ record, hash }]);
 *   await store.close();
 */
export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const file = options.file ?? (options.dataDir ? path.join(options.dataDir, SQLITE_LOG_FILE_NAME) : undefined);
  if (!file) throw new Error('createSqliteEventStore needs a dataDir or a file');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return new SqliteEventStore(file, options);
}

/**
 * A checked append waiting in the commit queue (record texts already serialised by checkAppend), with what the
 * live subscriptions will be handed once it is committed (when there are any).
 */
type WriteOperation =
  | {
      kind: 'append';
      appends: Array<WireAppend | Error>;
      rows: AppendedRows | undefined;
      settle: (outcomes: Array<AppendResult | Error>) => void;
    }
  | { kind: 'tombstone'; stream: string; expectedRevision: ExpectedRevision; settle: (outcome: Error | null) => void };

interface RecordRow {
  position: number;
  hash: string;
  record: string;
}

const PAGE_SIZE = 512;
const LAST_POSITION = Number.MAX_SAFE_INTEGER;

/** Records of a bulk append sent to the writer thread at a time, while the caller builds the next ones. */
const RECORDS_PER_CHUNK = 1024;

/**
 * The EventStore port on one SQLite file (WAL, synchronous=FULL).
 *
 * Writes happen in a writer thread of the store's own (writer-thread.ts, sqlite-log-writer.ts), so that the
 * inserts and the fsync of a commit never stop this thread's event loop; reads use a connection of this
 * thread (WAL: readers never wait for the writer).
 *
 * Group commit: appends and tombstones are queued and sent to the writer on the next turn of the event loop,
 * all queued operations in one IMMEDIATE transaction with one fsync; each operation's checks run in queue order
 * inside that transaction and a refusal goes to its own caller only. Operations that arrive while a commit is
 * being written form the next group. Every promise resolves only after the commit that holds its records has
 * returned, i.e. is on disk.
 *
 * appendMany is pipelined: its entries go to the writer a chunk at a time, inside one transaction that the last
 * chunk commits, so the thread is inserting one chunk while the caller's iterable builds the next. One commit
 * per chunk was measured and dropped: an fsync here has a large fixed cost (10,000 records committed 1,000 at a
 * time took 355 ms of commits, against 76 ms committed at once), far more than the overlap could win.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly writer: WriterThread;
  private readonly notifier: CommitNotifier;
  private readonly maxAppendBytes: number;
  private readonly pollIntervalMs: number;
  private queue: WriteOperation[] = [];
  private flushScheduled = false;
  /** a group commit has been sent and not answered: the next group waits for it (and grows meanwhile) */
  private groupInFlight = false;
  private closed = false;
  private readonly subscriptions = new Set<SqliteLogSubscription>();
  private readonly pages: LogPageStatements;
  private readonly textAt = (position: number): string => {
    const text = this.statements.textAt.get(position);
    if (text === undefined) throw new Error(`the log has no record at position ${position}`);
    return text;
  };

  private readonly statements: {
    headAndTombstone: Database.Statement<[string, string], { head: number | null; tombstoned: 0 | 1 }>;
    tombstoned: Database.Statement<[string], { revision: number | null }>;
    streamForwards: Database.Statement<[string, number, number], RecordRow>;
    streamBackwards: Database.Statement<[string, number, number], RecordRow>;
    streamPageForwards: Database.Statement<[string, number], RecordRow>;
    streamPageBackwards: Database.Statement<[string, number], RecordRow>;
    streamLast: Database.Statement<[string], RecordRow>;
    textAt: Database.Statement<[number], string>;
    lastPosition: Database.Statement<[], { position: number | null }>;
    heads: Database.Statement<[string], [number, number | null, 0 | 1]>;
  };

  constructor(
    readonly file: string,
    options: Pick<SqliteEventStoreOptions, 'pollIntervalMs' | 'maxAppendBytes'> = {},
  ) {
    // opened here first, synchronously: a file this build cannot read is refused before any thread starts
    this.db = openLogDatabase(file);
    this.writer = new WriterThread(file);
    this.notifier = commitNotifierFor(file);
    this.maxAppendBytes = options.maxAppendBytes ?? MAX_APPEND_BYTES;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    const db = this.db;
    this.pages = new LogPageStatements(db);
    this.statements = {
      // one statement instead of two for what every stream read checks first (each costs a read transaction)
      headAndTombstone: db.prepare(
        'SELECT (SELECT revision FROM records WHERE stream = ? ORDER BY revision DESC LIMIT 1) AS head, ' +
          'EXISTS (SELECT 1 FROM tombstones WHERE stream = ?) AS tombstoned',
      ),
      tombstoned: db.prepare('SELECT revision FROM tombstones WHERE stream = ?'),
      streamForwards: db.prepare(
        'SELECT position, hash, record FROM records WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      streamBackwards: db.prepare(
        'SELECT position, hash, record FROM records WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      // Full pages with the limit written into the SQL: measured about three times faster than a bound LIMIT
      // (7 against 20 µs for a page that comes back empty), which matters because every command's state
      // refresh reads one.
      streamPageForwards: db.prepare(
        `SELECT position, hash, record FROM records WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ${PAGE_SIZE}`,
      ),
      streamPageBackwards: db.prepare(
        `SELECT position, hash, record FROM records WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ${PAGE_SIZE}`,
      ),
      streamLast: db.prepare(
        'SELECT position, hash, record FROM records WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      textAt: db.prepare<[number], string>('SELECT record FROM records WHERE position = ?').pluck(true),
      lastPosition: db.prepare('SELECT max(position) AS position FROM records'),
      // the names go in as one JSON array: one statement (one read transaction, one consistent view) for any
      // number of streams, where a statement per stream cost ~8 µs each in read-transaction overhead alone
      heads: db
        .prepare<[string], [number, number | null, 0 | 1]>(
          'SELECT names.key, ' +
            '(SELECT revision FROM records WHERE stream = names.value ORDER BY revision DESC LIMIT 1), ' +
            'EXISTS (SELECT 1 FROM tombstones WHERE stream = names.value) ' +
            'FROM json_each(?) AS names',
        )
        .raw(true),
    };
  }

  append(stream: string, expectedRevision: ExpectedRevision, records: HashedRecord[]): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      const entry = this.checked({ stream, expectedRevision, records }, this.keepForSubscriptions());
      if (entry instanceof Error) throw entry;
      this.enqueue({
        kind: 'append',
        appends: [entry.wire],
        rows: entry.rows,
        settle: ([outcome]) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)),
      });
    });
  }

  async appendMany(appends: Iterable<StreamAppend>): Promise<AppendResult[]> {
    this.assertOpen();
    const refusedHere: Array<Error | undefined> = [];
    const sent: Promise<WireOutcome[]>[] = [];
    /** what the live subscriptions will be handed of every entry (only when there are any) */
    const keep = this.keepForSubscriptions();
    const sentRows: Array<AppendedRows | undefined> = [];
    let chunk: Array<WireAppend | null> = [];
    let chunkRecords = 0;
    const send = (commit: boolean) => {
      sent.push(this.writer.write([{ kind: 'append', appends: chunk }], commit));
      chunk = [];
      chunkRecords = 0;
    };
    try {
      for (const entry of appends) {
        const checked = this.checked(entry, keep);
        refusedHere.push(checked instanceof Error ? checked : undefined);
        chunk.push(checked instanceof Error ? null : checked.wire);
        if (keep) sentRows.push(checked instanceof Error ? undefined : checked.rows);
        chunkRecords += entry.records.length;
        if (chunkRecords >= RECORDS_PER_CHUNK) send(false);
      }
    } catch (error) {
      // the caller's iterable failed part way: nothing of this call may stay
      if (sent.length > 0) this.writer.rollback('the bulk append was abandoned by its caller');
      await Promise.allSettled(sent);
      throw error;
    }
    send(true);
    const written = (await Promise.all(sent)).flatMap((outcomes) =>
      outcomes.flatMap((outcome) => (outcome.kind === 'append' ? outcome.results : [])),
    );
    if (keep) this.offerCommitted(sentRows, written);
    this.notifier.notifyCommit();
    const outcomes = written.map((result, i) => refusedHere[i] ?? appendOutcome(result!));
    if (outcomes.some((outcome) => outcome instanceof Error)) throw new AppendManyError(outcomes);
    return outcomes as AppendResult[];
  }

  tombstone(stream: string, expectedRevision: ExpectedRevision): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({
        kind: 'tombstone',
        stream,
        expectedRevision,
        settle: (outcome) => (outcome ? reject(outcome) : resolve()),
      });
    });
  }

  /**
   * The checks that need no state, the records in the form the writer thread takes, and (when `keep` says so)
   * what the live subscriptions will be handed of them once committed.
   */
  private checked(
    { stream, expectedRevision, records }: StreamAppend,
    keep: { bodies: boolean } | undefined,
  ): { wire: WireAppend; rows: AppendedRows | undefined } | Error {
    try {
      const texts = checkAppend(stream, expectedRevision, records, this.maxAppendBytes);
      return {
        wire: toWireAppend(stream, expectedRevision, records, texts),
        rows: keep ? appendedRows(stream, records, texts, keep.bodies) : undefined,
      };
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }

  /** Whether commits are to be handed to live subscriptions, and with the records' texts or not. */
  private keepForSubscriptions(): { bodies: boolean } | undefined {
    if (this.subscriptions.size === 0) return undefined;
    for (const subscription of this.subscriptions) if (subscription.wantsBodies) return { bodies: true };
    return { bodies: false };
  }

  async *readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<StoredRecord> {
    this.assertOpen();
    const { head, tombstoned } = this.statements.headAndTombstone.get(stream, stream)!;
    if (tombstoned) throw new StreamDeletedError(stream);
    if (head === null) throw new StreamNotFoundError(stream);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    let cursor = from === undefined || from === 'start' || from === 'end' ? (backwards ? head : 0) : from;
    if (from === 'end' && !backwards) cursor = head + 1;
    // nothing at or after the head: no page to read (what a cached state's refresh usually asks)
    if (!backwards && cursor > head) return;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0 && cursor >= 0) {
      const limit = Math.min(PAGE_SIZE, remaining);
      const rows = this.streamPage(stream, cursor, limit, backwards);
      for (const row of rows) yield toStoredRecord(row.position, row.hash, row.record, this.textAt);
      remaining -= rows.length;
      if (rows.length < limit) return;
      cursor = backwards ? cursor - rows.length : cursor + rows.length;
      await nextTurn(); // a long read must not hold off commits and requests between its pages
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredRecord> {
    this.assertOpen();
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition;
    let cursor =
      from === undefined
        ? backwards
          ? LAST_POSITION
          : 0
        : from === 'start'
          ? 0
          : from === 'end'
            ? LAST_POSITION
            : Number(from);
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    const filter = options.filter;
    const page = this.pages.page(backwards ? 'backwards' : 'forwards', filter, true);
    // an unfiltered read of a few records (the log's head, say) reads no more rows than it needs
    const limit = filter ? PAGE_SIZE : Math.min(PAGE_SIZE, remaining);
    while (remaining > 0) {
      const rows = page.all(cursor, limit);
      for (const [position, stream, type, hash, record] of rows) {
        if (!matchesLogFilter(stream, type, filter)) continue;
        yield toStoredRecord(position, hash, record, this.textAt);
        if (--remaining === 0) return;
      }
      if (rows.length < limit) return;
      cursor = backwards ? rows[rows.length - 1][0] - 1 : rows[rows.length - 1][0] + 1;
      await nextTurn(); // a long read must not hold off commits and requests between its pages
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): LogSubscription {
    this.assertOpen();
    const from = options.fromPosition;
    // 'end' is fixed now, synchronously, so that a record appended right after this call is delivered
    const after = from === undefined || from === 'start' ? 0 : from === 'end' ? this.lastPosition() : Number(from);
    // the filter is the subscription's for its whole life: its page statement is looked up once
    const page = this.pages.page('forwards', options.filter, options.recordBodies ?? true);
    const subscription = new SqliteLogSubscription({
      after,
      filter: options.filter,
      checkpointInterval: options.checkpointInterval ?? 32,
      pollIntervalMs: this.pollIntervalMs,
      bodies: options.recordBodies ?? true,
      readPage: (position, limit) => page.all(position, limit),
      textAt: this.textAt,
      commits: () => this.notifier.commits(),
      onceCommitted: (listener) => this.notifier.onceCommitted(listener),
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  lastRecord(stream: string): Promise<StoredRecord | null> {
    return new Promise((resolve) => {
      this.assertOpen();
      if (this.statements.tombstoned.get(stream)) throw new StreamDeletedError(stream);
      const row = this.statements.streamLast.get(stream);
      resolve(row ? toStoredRecord(row.position, row.hash, row.record, this.textAt) : null);
    });
  }

  streamHeads(streams: readonly string[]): Promise<Map<string, StreamHead>> {
    return new Promise((resolve) => {
      this.assertOpen();
      const heads = new Map<string, StreamHead>();
      if (streams.length === 0) return resolve(heads);
      // rows are matched to names by their index in the array, not by the name JSON gave back
      for (const [index, head, tombstoned] of this.statements.heads.all(JSON.stringify(streams))) {
        heads.set(streams[index], tombstoned ? 'deleted' : (head ?? -1));
      }
      resolve(heads);
    });
  }

  private streamPage(stream: string, cursor: number, limit: number, backwards: boolean): RecordRow[] {
    if (limit === PAGE_SIZE) {
      return backwards
        ? this.statements.streamPageBackwards.all(stream, cursor)
        : this.statements.streamPageForwards.all(stream, cursor);
    }
    return backwards
      ? this.statements.streamBackwards.all(stream, cursor, limit)
      : this.statements.streamForwards.all(stream, cursor, limit);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.queue.length > 0) this.flush(true);
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
    // every write sent so far is answered before the thread ends
    await this.writer.close();
    this.notifier.release();
    this.db.close();
  }

  /**
   * Hands the live subscriptions of this instance what a commit just wrote (entries with their results, in the
   * order they were applied), so that they need not read it back: a follower of the whole log (the sealer)
   * otherwise reads every row again right after its commit, from pages SQLite must fetch anew from the WAL.
   * Appends that inserted nothing (refused, or idempotent re-appends) are left out.
   */
  private offerCommitted(
    entries: ReadonlyArray<AppendedRows | undefined>,
    results: ReadonlyArray<WireAppendResult | null>,
  ): void {
    const committed: CommittedAppend[] = [];
    entries.forEach((rows, i) => {
      const result = results[i];
      if (!rows || !result?.ok || result.firstPosition === undefined) return;
      // the writer's two ends must span exactly the append's records; anything else is left to the table
      if (result.position - result.firstPosition + 1 !== rows.hashes.length) return;
      committed.push({ first: result.firstPosition, last: result.position, rows });
    });
    if (committed.length === 0) return;
    for (const subscription of this.subscriptions) subscription.offer(committed);
  }

  private lastPosition(): number {
    return this.statements.lastPosition.get()!.position ?? 0;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`event store ${this.file} is closed`);
  }

  private enqueue(operation: WriteOperation): void {
    this.assertOpen();
    this.queue.push(operation);
    if (!this.flushScheduled && !this.groupInFlight) {
      this.flushScheduled = true;
      // setImmediate, not a microtask: lets every caller woken by the previous commit queue its next append first
      setImmediate(() => this.flush());
    }
  }

  /** Sends the queued operations as one group commit, unless one is in flight (then they go when it returns). */
  private flush(evenIfInFlight = false): void {
    this.flushScheduled = false;
    if (this.groupInFlight && !evenIfInFlight) return;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    const at = new Date().toISOString();
    const operations: WireOperation[] = group.map((operation) =>
      operation.kind === 'tombstone'
        ? { kind: 'tombstone', stream: operation.stream, expectedRevision: operation.expectedRevision, at }
        : { kind: 'append', appends: operation.appends.map((entry) => (entry instanceof Error ? null : entry)) },
    );
    this.groupInFlight = true;
    this.writer.write(operations, true).then(
      (outcomes) => {
        this.groupInFlight = false;
        // the next group goes at once, before this one's callers run: the writer never waits on them
        if (this.queue.length > 0) this.flush();
        if (this.subscriptions.size > 0) {
          group.forEach((operation, i) => {
            const outcome = outcomes[i];
            if (operation.kind === 'append' && operation.rows && outcome.kind === 'append') {
              this.offerCommitted([operation.rows], outcome.results);
            }
          });
        }
        this.notifier.notifyCommit();
        group.forEach((operation, i) => settleOperation(operation, outcomes[i]));
      },
      (error: Error) => {
        // an I/O or database failure: the whole group was rolled back, so every caller hears of it
        this.groupInFlight = false;
        if (this.queue.length > 0) this.flush();
        for (const operation of group) {
          if (operation.kind === 'append') operation.settle(operation.appends.map(() => error));
          else operation.settle(error);
        }
      },
    );
  }
}

function settleOperation(operation: WriteOperation, outcome: WireOutcome): void {
  if (operation.kind === 'tombstone') {
    operation.settle(outcome.kind === 'tombstone' && outcome.result ? refusalError(outcome.result) : null);
    return;
  }
  const results = outcome.kind === 'append' ? outcome.results : [];
  operation.settle(operation.appends.map((entry, i) => (entry instanceof Error ? entry : appendOutcome(results[i]!))));
}

function appendOutcome(result: WireAppendResult): AppendResult | Error {
  return result.ok
    ? { nextExpectedRevision: result.nextExpectedRevision, position: BigInt(result.position) }
    : refusalError(result);
}

function refusalError(refusal: WireRefusal): Error {
  return refusal.refusal === 'stream-deleted'
    ? new StreamDeletedError(refusal.stream)
    : new WrongExpectedVersionError(refusal.stream, refusal.expected, refusal.actual);
}
