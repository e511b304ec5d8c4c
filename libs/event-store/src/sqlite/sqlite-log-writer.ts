import type Database from 'better-sqlite3';
import type { ExpectedRevision } from '../event-store.port';

const HASH_HEX_LENGTH = 64;
/**
 * Rows per INSERT statement: an append's records go in statements of up to this many rows (one prepared
 * statement per row count). Measured on 10,000-record bulk transactions: 10-row statements inserted in 28.5 ms
 * what single-row statements took 35 ms for (one step, one bind call and one reset per statement, not per row).
 */
const ROWS_PER_INSERT = 16;
const COLUMNS = 6;
/** About SQLite's own default of 1,000 pages: the WAL stays a few MiB between checkpoints */
const CHECKPOINT_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * What crosses from the store to its writer thread: plain data only (structured clone), records already
 * checked and serialised by checkAppend on the calling thread.
 */
export interface WireAppend {
  stream: string;
  expectedRevision: ExpectedRevision;
  /** the first record's revision; the others follow without gaps (checkAppend made sure) */
  firstRevision: number;
  count: number;
  /**
   * every record's id, type, hash (64 hex digits) and text, one after another in one string, with the id's,
   * type's and text's lengths in `lengths` (three per record): one string crosses to the writer thread far
   * more cheaply than thousands (a copy each way, and an allocation per string on both sides)
   */
  block: string;
  lengths: number[];
}

export type WireOperation =
  /** appends: one entry per stream append; null where the calling thread already refused the entry */
  | { kind: 'append'; appends: Array<WireAppend | null> }
  | { kind: 'tombstone'; stream: string; expectedRevision: ExpectedRevision; at: string };

/** One operation's outcome: per append entry (null where it was refused before), or a tombstone's. */
export type WireOutcome =
  { kind: 'append'; results: Array<WireAppendResult | null> } | { kind: 'tombstone'; result: WireRefusal | null };

export type WireAppendResult =
  | {
      ok: true;
      nextExpectedRevision: number;
      /** position of the append's last record */
      position: number;
      /**
       * position of its first record when this append inserted them (absent for an idempotent re-append, which
       * inserted nothing): the store hands its live subscriptions what it just committed, position by position
       */
      firstPosition?: number;
    }
  | WireRefusal;

export type WireRefusal =
  | {
      ok: false;
      refusal: 'wrong-expected-version';
      stream: string;
      expected: ExpectedRevision;
      actual: number | 'no_stream';
    }
  | { ok: false; refusal: 'stream-deleted'; stream: string };

/**
 * The write side of the embedded log: checks each append against the stream's head and inserts its rows,
 * inside a transaction its owner opens and commits. It runs in the store's writer thread, so that the
 * inserts and the fsync of a commit never hold the calling thread's event loop (requests, hashing and the
 * next batch go on meanwhile).
 */
export class SqliteLogWriter {
  /** false while the tombstones table is known to be empty in the running transaction: skips a lookup per append */
  private anyTombstones = true;
  private readonly statements: {
    head: Database.Statement<[string], { revision: number }>;
    tombstoned: Database.Statement<[string], { revision: number | null }>;
    anyTombstone: Database.Statement<[], { found: number }>;
    idsBetween: Database.Statement<[string, number, number], { revision: number; id: string; position: number }>;
    insertTombstone: Database.Statement<[string, number | null, string]>;
  };
  /** INSERT statements by row count (index 1 to ROWS_PER_INSERT), prepared when first needed */
  private readonly inserts: Database.Statement<unknown[]>[] = [];
  private readonly begin: Database.Statement;
  private readonly commitStatement: Database.Statement;
  private readonly rollbackStatement: Database.Statement;

  /** record bytes committed since the last checkpoint, and in the open transaction */
  private bytesSinceCheckpoint = 0;
  private bytesInTransaction = 0;

  constructor(private readonly db: Database.Database) {
    // Checkpoints run in the store's checkpointer thread when this writer says one is due (takeCheckpointDue):
    // run by SQLite inside COMMIT, as by default, the copy of the WAL into the database and its fsync came on
    // top of the commit's own (measured: a 10,000-record commit took 88 ms with it, 35 ms without).
    db.pragma('wal_autocheckpoint = 0');
    this.statements = {
      head: db.prepare('SELECT revision FROM records WHERE stream = ? ORDER BY revision DESC LIMIT 1'),
      tombstoned: db.prepare('SELECT revision FROM tombstones WHERE stream = ?'),
      anyTombstone: db.prepare('SELECT EXISTS (SELECT 1 FROM tombstones) AS found'),
      idsBetween: db.prepare(
        'SELECT revision, id, position FROM records WHERE stream = ? AND revision BETWEEN ? AND ? ORDER BY revision',
      ),
      insertTombstone: db.prepare('INSERT INTO tombstones (stream, revision, tombstonedAt) VALUES (?, ?, ?)'),
    };
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commitStatement = db.prepare('COMMIT');
    this.rollbackStatement = db.prepare('ROLLBACK');
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  /** BEGIN IMMEDIATE: takes the write lock now, so a check made inside cannot be overtaken by another writer. */
  beginTransaction(): void {
    this.begin.run();
    this.anyTombstones = this.statements.anyTombstone.get()!.found === 1;
  }

  /** COMMIT: returns once the WAL is fsynced (synchronous=FULL). */
  commit(): void {
    this.commitStatement.run();
    this.bytesSinceCheckpoint += this.bytesInTransaction;
    this.bytesInTransaction = 0;
  }

  rollback(): void {
    this.bytesInTransaction = 0;
    if (this.db.inTransaction) this.rollbackStatement.run();
  }

  /**
   * Whether enough has been committed since the last checkpoint to copy the WAL back into the database; true
   * once per such stretch (the checkpointer thread then runs it).
   */
  takeCheckpointDue(): boolean {
    if (this.bytesSinceCheckpoint < CHECKPOINT_AFTER_BYTES) return false;
    this.bytesSinceCheckpoint = 0;
    return true;
  }

  /** Applies one operation inside the open transaction; refusals are outcomes, I/O failures throw. */
  apply(operation: WireOperation): WireOutcome {
    if (operation.kind === 'tombstone') {
      return {
        kind: 'tombstone',
        result: this.applyTombstone(operation.stream, operation.expectedRevision, operation.at),
      };
    }
    return { kind: 'append', results: operation.appends.map((entry) => (entry ? this.applyAppend(entry) : null)) };
  }

  private applyAppend(entry: WireAppend): WireAppendResult {
    const { stream, expectedRevision, firstRevision: first, count } = entry;
    if (this.anyTombstones && this.statements.tombstoned.get(stream)) {
      return { ok: false, refusal: 'stream-deleted', stream };
    }
    const head = this.statements.head.get(stream);
    const current = head ? head.revision : -1;
    const last = first + count - 1;
    const wrongVersion = (): WireRefusal => ({
      ok: false,
      refusal: 'wrong-expected-version',
      stream,
      expected: expectedRevision,
      actual: head ? current : 'no_stream',
    });

    if (first <= current) return this.idempotentResult(entry, last <= current) ?? wrongVersion();
    if (first !== current + 1) return wrongVersion();

    const { block, lengths } = entry;
    let firstPosition = 0;
    let position = 0;
    let at = 0;
    for (let done = 0; done < count;) {
      const rows = Math.min(ROWS_PER_INSERT, count - done);
      const values: unknown[] = new Array<unknown>(COLUMNS * rows);
      for (let row = 0; row < rows; row++, done++) {
        const idEnd = at + lengths[3 * done];
        const typeEnd = idEnd + lengths[3 * done + 1];
        const hashEnd = typeEnd + HASH_HEX_LENGTH;
        const textEnd = hashEnd + lengths[3 * done + 2];
        values[COLUMNS * row] = stream;
        values[COLUMNS * row + 1] = first + done;
        values[COLUMNS * row + 2] = block.slice(at, idEnd);
        values[COLUMNS * row + 3] = block.slice(idEnd, typeEnd);
        values[COLUMNS * row + 4] = block.slice(typeEnd, hashEnd);
        values[COLUMNS * row + 5] = block.slice(hashEnd, textEnd);
        at = textEnd;
      }
      // one statement's rows take consecutive positions, in order: its last one is lastInsertRowid
      position = Number(this.insertOf(rows).run(values).lastInsertRowid);
      firstPosition ||= position - rows + 1;
    }
    this.bytesInTransaction += block.length;
    return { ok: true, nextExpectedRevision: last, position, firstPosition };
  }

  private insertOf(rows: number): Database.Statement<unknown[]> {
    let statement = this.inserts[rows];
    if (!statement) {
      const values = new Array<string>(rows).fill('(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO records (stream, revision, id, type, hash, record) VALUES ${values}`);
      this.inserts[rows] = statement;
    }
    return statement;
  }

  /** The original result when every record already stands at its revision with the same id, else null. */
  private idempotentResult(entry: WireAppend, allWithinStream: boolean): WireAppendResult | null {
    if (!allWithinStream) return null;
    const first = entry.firstRevision;
    const last = first + entry.count - 1;
    const existing = this.statements.idsBetween.all(entry.stream, first, last);
    if (existing.length !== entry.count) return null;
    let i = 0;
    for (const record of wireRecords(entry)) if (existing[i++].id !== record.id) return null;
    return { ok: true, nextExpectedRevision: last, position: existing[existing.length - 1].position };
  }

  private applyTombstone(stream: string, expectedRevision: ExpectedRevision, at: string): WireRefusal | null {
    if (this.statements.tombstoned.get(stream)) return { ok: false, refusal: 'stream-deleted', stream };
    const head = this.statements.head.get(stream);
    const fits =
      expectedRevision === 'any' ||
      (expectedRevision === 'no_stream' && !head) ||
      (expectedRevision === 'stream_exists' && !!head) ||
      (typeof expectedRevision === 'number' && head?.revision === expectedRevision);
    if (!fits) {
      return {
        ok: false,
        refusal: 'wrong-expected-version',
        stream,
        expected: expectedRevision,
        actual: head ? head.revision : 'no_stream',
      };
    }
    this.statements.insertTombstone.run(stream, head ? head.revision : null, at);
    this.anyTombstones = true;
    return null;
  }
}

/** The records of a wire append, sliced out of its block (slices of a string share its memory in V8). */
function* wireRecords(
  entry: WireAppend,
): Generator<{ revision: number; id: string; type: string; hash: string; text: string }> {
  const { block, lengths } = entry;
  let at = 0;
  for (let i = 0; i < entry.count; i++) {
    const id = block.slice(at, (at += lengths[3 * i]));
    const type = block.slice(at, (at += lengths[3 * i + 1]));
    const hash = block.slice(at, (at += HASH_HEX_LENGTH));
    const text = block.slice(at, (at += lengths[3 * i + 2]));
    yield { revision: entry.firstRevision + i, id, type, hash, text };
  }
}

/** The wire form of checked records (their texts as checkAppend returned them). */
export function toWireAppend(
  stream: string,
  expectedRevision: ExpectedRevision,
  records: ReadonlyArray<{ record: { revision: number; id: string; type: string }; hash: string }>,
  texts: readonly string[],
): WireAppend {
  const parts: string[] = new Array<string>(4 * records.length);
  const lengths: number[] = new Array<number>(3 * records.length);
  for (let i = 0; i < records.length; i++) {
    const { record, hash } = records[i];
    parts[4 * i] = record.id;
    parts[4 * i + 1] = record.type;
    parts[4 * i + 2] = hash; // checkAppend made sure: 64 hex digits
    parts[4 * i + 3] = texts[i];
    lengths[3 * i] = record.id.length;
    lengths[3 * i + 1] = record.type.length;
    lengths[3 * i + 2] = texts[i].length;
  }
  return {
    stream,
    expectedRevision,
    firstRevision: records[0].record.revision,
    count: records.length,
    block: parts.join(''),
    lengths,
  };
}
