import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { hashRecord, type HashedRecord, type LedgerRecord } from '@cip/integrity';
import { createSqliteEventStore, openLogDatabase, type StreamAppend } from '@cip/event-store';
import { round, secondsSince, type BenchEntry, type BenchOptions } from '../bench-entry';

const BATCH_SIZE = 1000;

/**
 * Realistic high-volume access records: `AccessRecorded` on `access-{accountId}` streams, accounts drawn at
 * random from a pool (so a batch of 1000 touches hundreds of streams), hashed and chained per stream.
 */
export class AccessRecordSource {
  private readonly accounts: string[];
  private readonly heads = new Map<string, HashedRecord>();

  constructor(accountCount: number) {
    this.accounts = Array.from({ length: accountCount }, () => randomUUID());
  }

  /** the next `size` records, grouped into one append per stream (in first-seen order) */
  nextBatch(size: number): StreamAppend[] {
    const byStream = new Map<string, StreamAppend>();
    const at = new Date().toISOString();
    for (let i = 0; i < size; i++) {
      const account = this.accounts[Math.floor(Math.random() * this.accounts.length)];
      const stream = `access-${account}`;
      const head = this.heads.get(stream);
      let append = byStream.get(stream);
      if (!append) {
        append = { stream, expectedRevision: head ? head.record.revision : 'no_stream', records: [] };
        byStream.set(stream, append);
      }
      const record: LedgerRecord = {
        v: 1,
        stream,
        revision: head ? head.record.revision + 1 : 0,
        id: randomUUID(),
        type: 'AccessRecorded',
        schema: 1,
        recordedAt: at,
        data: {
          ip: `203.0.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}`,
          at,
          kind: Math.random() < 0.9 ? 'access' : 'administrative',
          action: 'console.login',
          credentialId: `cred-${account.slice(0, 8)}`,
        },
        meta: { actor: 'svc-iam-gateway', correlationId: randomUUID() },
        prev: head ? head.hash : null,
      };
      const hashed = { record, hash: hashRecord(record) };
      append.records.push(hashed);
      this.heads.set(stream, hashed);
    }
    return [...byStream.values()];
  }
}

/** The storage limit: the same rows into the same table, same pragmas, one transaction per batch, no checks. */
function bareSqliteInserter(file: string): { insert(batch: StreamAppend[]): void; close(): void } {
  const db = openLogDatabase(file);
  const statement = db.prepare(
    'INSERT INTO records (stream, revision, id, type, hash, record) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertAll = db.transaction((batch: StreamAppend[]) => {
    for (const { stream, records } of batch) {
      for (const { record, hash } of records) {
        statement.run(stream, record.revision, record.id, record.type, hash, JSON.stringify(record));
      }
    }
  });
  return { insert: (batch) => insertAll.immediate(batch), close: () => db.close() };
}

/**
 * Emmett's SQLite store, one appendToStream per stream of the batch (it has no multi-stream append). It fails
 * now and then even from one caller (SQLITE_BUSY "SQL statements in progress" while its previous connection
 * closes); such calls are retried, which keeps its stream numbering intact, and counted.
 */
function emmettAppender(file: string) {
  const store = getSQLiteEventStore({ fileName: file });
  const appender = {
    retries: 0,
    async append(batch: StreamAppend[]): Promise<void> {
      for (const { stream, records } of batch) {
        const events = records.map(({ record, hash }) => ({
          type: record.type,
          data: record.data,
          metadata: { ...record.meta, id: record.id, recordedAt: record.recordedAt, prev: record.prev, hash },
        }));
        for (let attempt = 1; ; attempt++) {
          try {
            await store.appendToStream(stream, events, { expectedStreamVersion: BigInt(records[0].record.revision) });
            break;
          } catch (error) {
            if (attempt === 5) throw error;
            appender.retries++;
          }
        }
      }
    },
  };
  return appender;
}

export interface IngestStoreFigures extends Record<string, number | string> {
  layer: string;
  events: number;
  batch_size: number;
  streams: number;
  events_per_s: number;
  raw_sqlite_per_s: number;
  ratio_to_raw: number;
  emmett_events: number;
  emmett_retries: number;
  emmett_per_s: number;
  ratio_to_emmett: number;
}

/**
 * Store part of ingest_bulk: the same batches go, one after the other, to our store (appendMany), to a bare
 * better-sqlite3 loop and (for the first `emmettCap` events) to Emmett, each into its own file. Only the write
 * calls are timed; generating and hashing the records is not.
 */
export async function measureStoreIngest(options: BenchOptions): Promise<IngestStoreFigures> {
  const events = options.quick ? 20_000 : options.events;
  const emmettCap = options.quick ? 2_000 : Math.min(events, 10_000);
  const accountCount = Math.max(100, Math.floor(events / 100));
  const source = new AccessRecordSource(accountCount);
  const store = createSqliteEventStore({ file: path.join(options.workDir, 'store.sqlite') });
  const bare = bareSqliteInserter(path.join(options.workDir, 'bare.sqlite'));
  const emmett = emmettAppender(path.join(options.workDir, 'emmett.sqlite'));

  // warm-up: statements prepared, files created, JIT warm (not counted)
  const warmup = new AccessRecordSource(50).nextBatch(BATCH_SIZE);
  await store.appendMany(warmup);
  bare.insert(warmup);
  await emmett.append(warmup.slice(0, 20));

  let storeSeconds = 0;
  let bareSeconds = 0;
  let emmettSeconds = 0;
  let emmettEvents = 0;
  for (let done = 0; done < events; done += BATCH_SIZE) {
    const batch = source.nextBatch(Math.min(BATCH_SIZE, events - done));
    const batchEvents = batch.reduce((sum, append) => sum + append.records.length, 0);
    let start = process.hrtime.bigint();
    await store.appendMany(batch);
    storeSeconds += secondsSince(start);
    start = process.hrtime.bigint();
    bare.insert(batch);
    bareSeconds += secondsSince(start);
    if (emmettEvents < emmettCap) {
      start = process.hrtime.bigint();
      await emmett.append(batch);
      emmettSeconds += secondsSince(start);
      emmettEvents += batchEvents;
    }
  }
  await store.close();
  bare.close();

  const eventsPerSecond = events / storeSeconds;
  const rawPerSecond = events / bareSeconds;
  const emmettPerSecond = emmettEvents / emmettSeconds;
  return {
    layer: 'store (appendMany)',
    events,
    batch_size: BATCH_SIZE,
    streams: accountCount,
    events_per_s: Math.round(eventsPerSecond),
    raw_sqlite_per_s: Math.round(rawPerSecond),
    ratio_to_raw: round(eventsPerSecond / rawPerSecond),
    emmett_events: emmettEvents,
    emmett_retries: emmett.retries,
    emmett_per_s: Math.round(emmettPerSecond),
    ratio_to_emmett: round(eventsPerSecond / emmettPerSecond),
  };
}

export const entry: BenchEntry = {
  key: 'ingest_bulk',
  description: 'access records in batches of 1000 into the embedded store vs bare better-sqlite3 and Emmett',
  // The command layer's figure (sealing, hashing, chaining through the CommandBus) is to be added here as
  // further keys beside the store part, e.g. { ...store, ...(await measureCommandIngest(options)) }.
  run: async (options) => ({ ...(await measureStoreIngest(options)) }),
};
