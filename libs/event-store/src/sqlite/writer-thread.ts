import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '@cip/integrity';
import type { WireOperation, WireOutcome } from './sqlite-log-writer';

export type WriterRequest =
  | { kind: 'write'; seq: number; operations: WireOperation[]; commit: boolean }
  | { kind: 'rollback'; reason: string }
  | { kind: 'close' };

export type WriterReply =
  | { kind: 'committed'; writes: { seq: number; outcomes: WireOutcome[] }[]; checkpointDue: boolean }
  | { kind: 'failed'; seqs: number[]; message: string }
  | { kind: 'open-failed'; message: string };

const WORKER_ENTRY = path.join(__dirname, 'sqlite-log-writer.worker');
/**
 * Short checkpoint passes run after a due one, each copying only what was committed during the one before, for
 * as long as commits keep landing during them. SQLite starts the WAL over from its beginning (and
 * journal_size_limit can then shrink the file) only when a write transaction begins with every frame already
 * copied back; a checkpoint that commits overtake never leaves the WAL in that state, and under a steady load
 * (the sealer signs while a bulk request's checkpoint runs) the WAL grew without bound: 250 MB after 300,000
 * bulk records. A bound, because each pass also syncs the database file.
 */
const MAX_FOLLOW_UP_CHECKPOINTS = 3;
/**
 * When the follow-up passes ran out while commits still landed (a steady trickle of small commits after a bulk
 * request), one more pass runs once no commit has been answered for this long, so the WAL starts over as soon
 * as the writes pause instead of only after the next ~4 MiB. Later commits push it back: at most one such
 * pass per pause in the writes.
 */
const CATCH_UP_CHECKPOINT_AFTER_IDLE_MS = 100;
const CHECKPOINTER_ENTRY = path.join(__dirname, 'sqlite-log-checkpointer.worker');

interface InFlight {
  resolve: (outcomes: WireOutcome[]) => void;
  reject: (error: Error) => void;
}

/**
 * The calling thread's handle on the store's writer thread (sqlite-log-writer.worker.ts). Writes are answered
 * in the order they were sent. A write sent with `commit: false` stays in the open transaction until a later
 * write commits it, which is how one bulk append is written while its caller builds the next part.
 * The thread keeps the process alive only while a write is in flight.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly inFlight = new Map<number, InFlight>();
  private nextSeq = 1;
  private broken: Error | undefined;
  private readonly exited: Promise<void>;
  private readonly checkpointer: Worker;
  private readonly checkpointerExited: Promise<void>;
  /** a checkpoint is running; `checkpointAgain`: another was asked for meanwhile */
  private checkpointing = false;
  private checkpointAgain = false;
  /** a commit was answered while the running checkpoint copied; follow-up passes run since the last due one */
  private committedDuringCheckpoint = false;
  private followUps = 0;
  /** the follow-up passes ran out with frames not copied back: a catch-up pass is due once the writes pause */
  private catchUpDue = false;
  private catchUpTimer: NodeJS.Timeout | undefined;
  private closing = false;

  constructor(file: string) {
    this.worker = startModuleWorker(WORKER_ENTRY, { file });
    this.worker.unref();
    this.worker.on('message', (reply: WriterReply) => this.onReply(reply));
    this.worker.on('error', (error) => this.breakDown(error));
    this.checkpointer = startModuleWorker(CHECKPOINTER_ENTRY, { file });
    this.checkpointer.unref();
    this.checkpointer.on('message', () => this.onCheckpointed());
    // a checkpointer that fails only leaves the WAL longer until the database is next opened: nothing is lost
    this.checkpointer.on('error', () => undefined);
    this.checkpointerExited = new Promise((resolve) => this.checkpointer.once('exit', () => resolve()));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.breakDown(new Error(`the embedded store's writer thread stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  /** Sends operations; the promise settles when the transaction holding them has been committed or rolled back. */
  write(operations: WireOperation[], commit: boolean): Promise<WireOutcome[]> {
    if (this.broken) return Promise.reject(this.broken);
    const seq = this.nextSeq++;
    const settled = new Promise<WireOutcome[]>((resolve, reject) => this.inFlight.set(seq, { resolve, reject }));
    if (this.inFlight.size === 1) this.worker.ref();
    this.worker.postMessage({ kind: 'write', seq, operations, commit } satisfies WriterRequest);
    return settled;
  }

  /** Abandons the open transaction: every write sent since it began rejects with `reason`. */
  rollback(reason: string): void {
    if (!this.broken) this.worker.postMessage({ kind: 'rollback', reason } satisfies WriterRequest);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  /** Lets every write sent so far finish, then closes the connection and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.catchUpTimer);
    if (!this.broken) {
      this.worker.ref();
      this.worker.postMessage({ kind: 'close' } satisfies WriterRequest);
    }
    await this.exited;
    // held alive until it has closed its connection (unreferenced, the process could end first)
    this.checkpointer.ref();
    this.checkpointer.postMessage('close');
    await this.checkpointerExited;
  }

  private checkpoint(): void {
    this.catchUpDue = false;
    clearTimeout(this.catchUpTimer);
    if (this.checkpointing) {
      this.checkpointAgain = true;
      return;
    }
    this.checkpointing = true;
    this.committedDuringCheckpoint = false;
    this.checkpointer.postMessage('checkpoint');
  }

  private onCheckpointed(): void {
    this.checkpointing = false;
    if (this.checkpointAgain) {
      this.checkpointAgain = false;
      this.followUps = 0;
      this.checkpoint();
    } else if (this.committedDuringCheckpoint && this.followUps < MAX_FOLLOW_UP_CHECKPOINTS) {
      this.followUps++;
      this.checkpoint();
    } else if (this.committedDuringCheckpoint) {
      this.catchUpDue = true;
      this.scheduleCatchUp();
    }
  }

  /** (Re)starts the wait for a pause in the writes, after which the catch-up pass runs. */
  private scheduleCatchUp(): void {
    clearTimeout(this.catchUpTimer);
    this.catchUpTimer = setTimeout(() => {
      // closing: the last connection to close copies the WAL back itself
      if (this.closing) return;
      this.followUps = 0;
      this.checkpoint();
    }, CATCH_UP_CHECKPOINT_AFTER_IDLE_MS);
    // a pending catch-up never keeps the process alive: the WAL is copied back when the log is next opened
    this.catchUpTimer.unref();
  }

  private onReply(reply: WriterReply): void {
    if (reply.kind === 'open-failed') {
      this.breakDown(new Error(`the embedded store's writer could not open the log: ${reply.message}`));
      return;
    }
    if (reply.kind === 'committed') {
      if (this.checkpointing) this.committedDuringCheckpoint = true;
      else if (this.catchUpDue) this.scheduleCatchUp();
      if (reply.checkpointDue) {
        this.followUps = 0;
        this.checkpoint();
      }
      for (const write of reply.writes) this.settle(write.seq)?.resolve(write.outcomes);
    } else {
      const error = new Error(reply.message);
      for (const seq of reply.seqs) this.settle(seq)?.reject(error);
    }
  }

  private settle(seq: number): InFlight | undefined {
    const entry = this.inFlight.get(seq);
    this.inFlight.delete(seq);
    if (this.inFlight.size === 0) this.worker.unref();
    return entry;
  }

  private breakDown(error: Error): void {
    this.broken ??= error;
    for (const entry of this.inFlight.values()) entry.reject(this.broken);
    this.inFlight.clear();
  }
}
