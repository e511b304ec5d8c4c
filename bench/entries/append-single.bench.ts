import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { getSQLiteEventStore } from '@event-driven-io/emmett-sqlite';
import { hashRecord, type HashedRecord, type LedgerRecord } from '@cip/integrity';
import { createSqliteEventStore } from '@cip/event-store';
import { percentile, round, secondsSince, type BenchEntry, type BenchOptions } from '../bench-entry';

const CALLERS = 64;

/** One account stream's chained lifecycle records, built and hashed before anything is timed. */
function accountRecords(count: number): HashedRecord[] {
  const stream = `account-${randomUUID()}`;
  const out: HashedRecord[] = [];
  for (let revision = 0; revision < count; revision++) {
    const record: LedgerRecord = {
      v: 1,
      stream,
      revision,
      id: randomUUID(),
      type: revision === 0 ? 'AccountOpened' : 'AccountFlagged',
      schema: 1,
      recordedAt: new Date().toISOString(),
      data: {
        flagId: randomUUID(),
        category: 'malicious-activity',
        indicators: ['ip-reputation', 'card-testing'],
        severity: 'medium',
        source: 'abuse-desk',
      },
      meta: { actor: 'svc-abuse-desk', correlationId: randomUUID() },
      prev: out.length > 0 ? out[out.length - 1].hash : null,
    };
    out.push({ record, hash: hashRecord(record) });
  }
  return out;
}

interface Run {
  appends: number;
  seconds: number;
  latenciesMs: number[];
  errors: number;
  firstError: string;
}

/** `callers` concurrent loops, each appending its stream's records one per call, waiting for each. */
async function runCallers(
  streams: HashedRecord[][],
  from: number,
  to: number,
  appendOne: (records: HashedRecord[], index: number) => Promise<unknown>,
): Promise<Run> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError = '';
  const start = process.hrtime.bigint();
  await Promise.all(
    streams.map(async (records) => {
      for (let index = from; index < to; index++) {
        const callStart = process.hrtime.bigint();
        try {
          await appendOne(records, index);
        } catch (error) {
          errors++;
          firstError ||= error instanceof Error ? error.message : String(error);
        }
        latenciesMs.push(Number(process.hrtime.bigint() - callStart) / 1e6);
      }
    }),
  );
  return { appends: streams.length * (to - from), seconds: secondsSince(start), latenciesMs, errors, firstError };
}

/**
 * Store part of append_single: 64 concurrent callers, each making one durable append per call to its own
 * account stream (exact expected revision), against the embedded store and then Emmett's SQLite store.
 */
export async function measureStoreSingleAppends(options: BenchOptions): Promise<Record<string, number | string>> {
  const warmup = 10;
  const perCaller = options.quick ? 100 : Math.max(200, Math.min(2_000, Math.floor(options.events / 500)));
  const emmettAppends = options.quick ? 200 : 1_000;

  const streams = Array.from({ length: CALLERS }, () => accountRecords(warmup + perCaller));
  const store = createSqliteEventStore({ file: path.join(options.workDir, 'store.sqlite') });
  const appendToStore = (records: HashedRecord[], index: number) =>
    store.append(records[index].record.stream, index === 0 ? 'no_stream' : index - 1, [records[index]]);
  await runCallers(streams, 0, warmup, appendToStore);
  const ours = await runCallers(streams, warmup, warmup + perCaller, appendToStore);
  await store.close();

  // Emmett's SQLite store (0.38.5) opens and closes its connection around every call and sets no busy timeout:
  // concurrent calls, on one store instance or several, fail with SQLITE_BUSY / SQLITE_MISUSE. Its single
  // appends are therefore measured from one caller, which is the fastest way it works.
  const emmettStore = getSQLiteEventStore({ fileName: path.join(options.workDir, 'emmett.sqlite') });
  const emmettRecords = accountRecords(1 + emmettAppends);
  let emmettRetries = 0;
  const appendToEmmett = async (records: HashedRecord[], index: number) => {
    const { record, hash } = records[index];
    // it also fails now and then from a single caller (SQLITE_BUSY "SQL statements in progress" while its
    // previous connection closes); retrying keeps its stream numbering intact, and the retries are counted
    for (let attempt = 1; ; attempt++) {
      try {
        return await emmettStore.appendToStream(
          record.stream,
          [
            {
              type: record.type,
              data: record.data,
              metadata: { ...record.meta, id: record.id, prev: record.prev, hash },
            },
          ],
          { expectedStreamVersion: BigInt(index) },
        );
      } catch (error) {
        if (attempt === 5) throw error;
        emmettRetries++;
      }
    }
  };
  await appendToEmmett(emmettRecords, 0); // schema creation and the stream's first append, not timed
  const emmett = await runCallers([emmettRecords], 1, 1 + emmettAppends, appendToEmmett);

  const perSecond = (run: Run) => (run.appends - run.errors) / run.seconds;
  return {
    layer: 'store (append)',
    callers: CALLERS,
    appends: ours.appends,
    commands_per_s: Math.round(perSecond(ours)),
    p50_ms: round(percentile(ours.latenciesMs, 50)),
    p99_ms: round(percentile(ours.latenciesMs, 99)),
    errors: ours.errors,
    emmett_callers: 1,
    emmett_appends: emmett.appends,
    emmett_errors: emmett.errors,
    emmett_retries: emmettRetries,
    ...(emmett.firstError ? { emmett_first_error: emmett.firstError } : {}),
    emmett_per_s: Math.round(perSecond(emmett)),
    emmett_p99_ms: round(percentile(emmett.latenciesMs, 99)),
    // how much faster our store serves 64 concurrent callers than Emmett serves callers at all
    ratio_to_emmett: round(perSecond(ours) / perSecond(emmett)),
  };
}

export const entry: BenchEntry = {
  key: 'append_single',
  description: '64 concurrent callers, one durable append per call, embedded store vs Emmett',
  // The command layer's figure (one lifecycle command per call through the CommandBus) is to be added here
  // as further keys beside the store part, e.g. { ...store, ...(await measureCommandAppends(options)) }.
  run: async (options) => ({ ...(await measureStoreSingleAppends(options)) }),
};
