import { parentPort, workerData } from 'node:worker_threads';
import { openLogDatabase } from './sqlite-log-schema';
import { SqliteLogWriter, type WireOperation, type WireOutcome } from './sqlite-log-writer';
import type { WriterReply, WriterRequest } from './writer-thread';

// Entry of the embedded store's writer thread (writer-thread.ts). It owns the log's only write connection.
// Requests are handled in the order they came: `write` applies its operations inside the open transaction
// (opening one if none is), and when it says `commit` the transaction is committed and every write since it
// began is answered, in order, with its outcomes (or all with the error that rolled them back).

const port = parentPort!;
const { file } = workerData as { file: string };
let writer: SqliteLogWriter;
let db: ReturnType<typeof openLogDatabase>;
try {
  db = openLogDatabase(file);
  writer = new SqliteLogWriter(db);
} catch (error) {
  port.postMessage({ kind: 'open-failed', message: messageOf(error) } satisfies WriterReply);
  port.close();
  process.exit(0);
}

/** The writes of the open transaction, answered at its commit. */
let included: { seq: number; outcomes: WireOutcome[] }[] = [];
/** Set when an operation of the open transaction failed: the rest of it is skipped and it is rolled back. */
let failure: string | undefined;

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    if (writer.inTransaction) finish(`the store closed before the write was committed`);
    db.close();
    port.close();
    return;
  }
  if (request.kind === 'rollback') {
    finish(request.reason);
    return;
  }
  if (failure === undefined) {
    try {
      if (!writer.inTransaction) writer.beginTransaction();
      included.push({
        seq: request.seq,
        outcomes: request.operations.map((operation: WireOperation) => writer.apply(operation)),
      });
    } catch (error) {
      failure = messageOf(error);
      included.push({ seq: request.seq, outcomes: [] });
    }
  } else {
    included.push({ seq: request.seq, outcomes: [] });
  }
  if (request.commit) finish(undefined);
});

/** Commits (or, after a failure or when asked, rolls back) the open transaction and answers its writes. */
function finish(rollbackReason: string | undefined): void {
  let error = failure ?? rollbackReason;
  if (error === undefined) {
    try {
      writer.commit();
    } catch (commitError) {
      error = messageOf(commitError);
    }
  }
  if (error !== undefined) {
    try {
      writer.rollback();
    } catch {
      // the transaction is gone already (SQLite rolls back on some errors by itself)
    }
  }
  const reply: WriterReply =
    error === undefined
      ? { kind: 'committed', writes: included, checkpointDue: writer.takeCheckpointDue() }
      : { kind: 'failed', seqs: included.map((write) => write.seq), message: error };
  included = [];
  failure = undefined;
  port.postMessage(reply);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
