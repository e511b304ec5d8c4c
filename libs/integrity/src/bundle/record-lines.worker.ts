import { parentPort } from 'node:worker_threads';
import { type RecordLinesBatch, examineRecordLines } from './record-lines';

// Entry of the bundle verifier's worker threads (record-lines-pool.ts): examines each run of lines it is
// sent and sends back the outcome, in the order the runs came.
parentPort?.on('message', (batch: RecordLinesBatch) => {
  const outcome = examineRecordLines(batch);
  const arrays = [outcome.leaves, outcome.links, outcome.revisions, outcome.prevs, outcome.hashes];
  parentPort!.postMessage(
    outcome,
    arrays.map((array) => array.buffer as ArrayBuffer),
  );
});
