import { setImmediate as nextTurn } from 'node:timers/promises';
import { matchesLogFilter } from '../log-filter';
import { toStoredRecord } from './stored-record';
import type { LogRow } from './log-page-query';
import { type CommittedAppend, rowsAfter } from './committed-appends';
import type { LogFilter, LogSubscription, SubscriptionMessage } from '../event-store.port';

export interface SqliteLogSubscriptionSource {
  /** exclusive start position */
  after: number;
  filter: LogFilter | undefined;
  checkpointInterval: number;
  pollIntervalMs: number;
  /** whether the consumer wants records' bodies (else they are read by position if ever touched) */
  bodies: boolean;
  /** rows at or after `fromPosition`, in position order */
  readPage(fromPosition: number, limit: number): LogRow[];
  /** a record's text by position, for rows whose page left it out */
  textAt: (position: number) => string;
  /** commits notified in this process so far */
  commits(): number;
  onceCommitted(listener: () => void): () => void;
  onClose(): void;
}

const PAGE_SIZE = 512;
/**
 * Records of committed appends a subscription keeps waiting for its consumer; past this a slow consumer's queue
 * is dropped and it reads the table again (nothing is lost: the queue only saves reading back)
 */
const MAX_QUEUED_RECORDS = 32_768;

/**
 * A subscription to the embedded log. Catch-up and live are one loop: read the next page after the cursor;
 * when a page comes back short the subscription has caught up and waits for the next in-process commit (or the
 * poll interval, for other processes' writes), then reads on from the cursor. Because live records are read
 * from the table like any others, the switch from catch-up to live cannot lose or repeat a record.
 * The consumer's pace drives the reads (pull), so a slow consumer never makes records pile up in memory.
 */
export class SqliteLogSubscription implements LogSubscription {
  private closed = false;
  private iterated = false;
  private wakeUp: (() => void) | undefined;
  /** appends this store committed, not yet delivered, in commit order */
  private committed: CommittedAppend[] = [];
  private committedRecords = 0;

  constructor(private readonly source: SqliteLogSubscriptionSource) {}

  /** whether its consumer wants the records' bodies */
  get wantsBodies(): boolean {
    return this.source.bodies;
  }

  /**
   * Appends the store has just committed (before it wakes subscriptions): delivered from memory when they
   * continue what this subscription delivered last, which saves reading them back from the table.
   */
  offer(appends: readonly CommittedAppend[]): void {
    if (this.closed) return;
    for (const append of appends) {
      this.committed.push(append);
      this.committedRecords += append.last - append.first + 1;
    }
    if (this.committedRecords > MAX_QUEUED_RECORDS) this.dropCommitted(Number.MAX_SAFE_INTEGER);
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('a subscription can be iterated only once');
    this.iterated = true;
    return this.messages();
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.committed = [];
      this.wakeUp?.();
      this.source.onClose();
    }
    return Promise.resolve();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    const { filter, checkpointInterval } = this.source;
    let cursor = this.source.after;
    let scanned = 0;
    let caughtUp = false;
    try {
      while (!this.closed) {
        const commitsBeforeRead = this.source.commits();
        this.dropCommitted(cursor);
        const fromMemory = rowsAfter(this.committed, cursor, PAGE_SIZE, this.source.bodies);
        const rows = fromMemory ?? this.source.readPage(cursor + 1, PAGE_SIZE);
        for (const [position, stream, type, hash, text] of rows) {
          cursor = position;
          if (matchesLogFilter(stream, type, filter)) {
            yield { kind: 'record', record: toStoredRecord(position, hash, text, this.source.textAt) };
            if (this.closed) return;
          }
          if (++scanned % checkpointInterval === 0) {
            yield { kind: 'checkpoint', position: BigInt(position) };
            if (this.closed) return;
          }
        }
        if (rows.length === PAGE_SIZE) {
          await nextTurn(); // a long catch-up must not hold off commits and requests between its pages
          continue;
        }
        // what came from memory ended where the queue did: the table says whether that is the log's end
        if (fromMemory) continue;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caught-up' };
          continue;
        }
        // a commit while we were yielding this page's records: read again rather than wait for the next one
        if (this.source.commits() !== commitsBeforeRead) continue;
        await this.nextCommitOrPoll();
      }
    } finally {
      await this.close();
    }
  }

  /** Forgets the committed appends that end at or before `position` (delivered, or read from the table). */
  private dropCommitted(position: number): void {
    let delivered = 0;
    while (delivered < this.committed.length && this.committed[delivered].last <= position) {
      this.committedRecords -= this.committed[delivered].last - this.committed[delivered].first + 1;
      delivered++;
    }
    if (delivered > 0) this.committed.splice(0, delivered);
  }

  private nextCommitOrPoll(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        cancel();
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.source.pollIntervalMs);
      const cancel = this.source.onceCommitted(done);
      this.wakeUp = done;
    });
  }
}
