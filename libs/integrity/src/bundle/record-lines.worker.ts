import { parentPort } from 'node:worker_threads';
import { type RecordLinesBatch, examineRecordLines } from './record-lines';

// Entry of the bundle verifier's worker threads (record-lines-pool.ts): examines each run of lines it is
// sent and sends back the outcome, in the order the runs came, with the run's bytes (for the reader to reuse).
parentPort?.on('message', (batch: RecordLinesBatch) => {
  const outcome = examineRecordLines(batch);
  const arrays = [outcome.leaves, outcome.links, outcome.revisions, outcome.prevs, outcome.hashes, batch.bytes];
  parentPort!.postMessage(
    { outcome, bytes: batch.bytes },
    arrays.map((array) => array.buffer as ArrayBuffer),
  );
});
