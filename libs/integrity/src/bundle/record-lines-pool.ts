import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../threads/module-worker';
import { type RecordLinesBatch, type RecordLinesOutcome, examineRecordLines } from './record-lines';

/** A run's outcome, and its bytes given back (no longer used: the reader may fill them again). */
export interface ExaminedRun {
  outcome: RecordLinesOutcome;
  bytes: Uint8Array;
}

/** Examines runs of record lines; outcomes come back in the order the runs were given. */
export interface RecordLinesExaminer {
  /** how many runs may be given before the oldest outcome is awaited (the bound on memory in flight) */
  readonly capacity: number;
  examine(batch: RecordLinesBatch): Promise<ExaminedRun>;
  close(): Promise<void>;
}

/** In the calling thread: one run at a time. */
export const inThreadExaminer: RecordLinesExaminer = {
  capacity: 1,
  examine: (batch) => Promise.resolve({ outcome: examineRecordLines(batch), bytes: batch.bytes }),
  close: () => Promise.resolve(),
};

const WORKER_ENTRY = path.join(__dirname, 'record-lines.worker');
const COMPILED_ENTRY = `${WORKER_ENTRY}.js`;

// Below this size of records.ndjson, starting worker threads (a JavaScript engine each, compiling the code
// again) costs more than they save: one thread verifies 64 MiB in about 0.6 s.
const WORKERS_FROM_BYTES = 64 << 20;

/**
 * How many worker threads the verifier uses unless told, for a records.ndjson of `recordsBytes`: one per
 * available core, when the file is larger than 64 MiB, there are at least two cores and the compiled worker
 * entry (record-lines.worker.js) sits beside this module; otherwise none (running from the TypeScript
 * sources, as under Jest, verification stays in the calling thread unless asked).
 */
export function defaultVerifyWorkers(recordsBytes: number): number {
  const cores = os.availableParallelism();
  return recordsBytes > WORKERS_FROM_BYTES && cores >= 2 && fs.existsSync(COMPILED_ENTRY) ? cores : 0;
}

interface Waiting {
  resolve: (run: ExaminedRun) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads that examine runs in parallel. Runs go round the workers in turn and each worker answers in
 * the order it was given them, so outcomes resolve in the order of the calls whatever the timing.
 */
export class WorkerExaminer implements RecordLinesExaminer {
  readonly capacity: number;
  private readonly workers: Worker[] = [];
  private readonly waiting: Waiting[][] = [];
  private next = 0;
  private failure: Error | undefined;

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('a worker pool has at least one worker');
    // one run being examined and one waiting per worker keeps every worker busy
    this.capacity = 2 * count;
    for (let k = 0; k < count; k++) {
      const worker = startModuleWorker(WORKER_ENTRY);
      const waiting: Waiting[] = [];
      worker.on('message', (run: ExaminedRun) => waiting.shift()?.resolve(run));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (waiting.length > 0) this.fail(new Error(`a verifier worker thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.waiting.push(waiting);
    }
  }

  examine(batch: RecordLinesBatch): Promise<ExaminedRun> {
    if (this.failure) return Promise.reject(this.failure);
    const k = this.next;
    this.next = (k + 1) % this.workers.length;
    return new Promise<ExaminedRun>((resolve, reject) => {
      this.waiting[k].push({ resolve, reject });
      // the run's memory moves to the worker: the reader gave it a buffer of its own
      this.workers[k].postMessage(batch, [batch.bytes.buffer as ArrayBuffer, batch.lineEnds.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.waiting) for (const entry of waiting.splice(0)) entry.reject(error);
  }
}
