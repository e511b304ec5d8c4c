import { parentPort, workerData } from 'node:worker_threads';
import { openLogDatabase } from './sqlite-log-schema';

// Entry of the embedded store's checkpointer thread (writer-thread.ts). It copies the WAL back into the
// database file when the writer says enough was committed, on a connection of its own, so that neither the
// writer's commits nor the calling thread wait for it (a checkpoint copies megabytes and fsyncs the database
// file: 50-100 ms measured, which queued every commit behind it). PASSIVE: it waits for no reader or writer
// and copies what no reader still needs; with synchronous=FULL it syncs the WAL before and the database after.

const port = parentPort!;
const { file } = workerData as { file: string };
const db = openLogDatabase(file);

port.on('message', (request: 'checkpoint' | 'close') => {
  if (request === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // busy now: the next checkpoint the writer asks for copies these frames too
  }
  port.postMessage('checkpointed');
});
