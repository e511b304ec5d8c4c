import { parentPort, workerData } from 'node:worker_threads';
import { openLogDatabase } from './sqlite-log-schema';
import { SqliteLogWriter } from './sqlite-log-writer';
import type { WriterReply, WriterRequest } from './writer-thread';

// Entry of the embedded store's writer thread (writer-thread.ts). It owns the log's only write connection and
// handles requests in the order they came: each write is one IMMEDIATE transaction, committed (fsynced) before
// it is answered with its outcomes, or rolled back and answered with the error.

const port = parentPort!;
const { file } = workerData as { file: string };
let db: ReturnType<typeof openLogDatabase>;
let writer: SqliteLogWriter;
try {
  db = openLogDatabase(file);
  writer = new SqliteLogWriter(db);
} catch (error) {
  port.postMessage({ kind: 'open-failed', message: messageOf(error) } satisfies WriterReply);
  port.close();
  process.exit(0);
}

port.on('message', (request: WriterRequest) => {
  if (request.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  let reply: WriterReply;
  try {
    writer.beginTransaction();
    const outcomes = request.operations.map((operation) => writer.apply(operation));
    writer.commit();
    reply = { kind: 'committed', seq: request.seq, outcomes };
  } catch (error) {
    try {
      writer.rollback();
    } catch {
      // the transaction is gone already (SQLite rolls back on some errors by itself)
    }
    reply = { kind: 'failed', seq: request.seq, message: messageOf(error) };
  }
  port.postMessage(reply);
});

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
