import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hashRecord, type HashedRecord, type LedgerRecord } from '@cip/integrity';
import type { StoredRecord, SubscriptionMessage } from '../event-store.port';
import { createSqliteEventStore, SQLITE_LOG_FILE_NAME } from './sqlite-event-store';
import { LOG_SCHEMA_VERSION } from './sqlite-log-schema';
import { runTsChild } from '../../../../test/support/ts-child-process';

// What the embedded store promises beyond the shared contract (test/contract): durability across reopening,
// its pragmas, and live delivery between store instances and processes sharing one file.

function records(stream: string, from: number, count: number, prev: string | null = null): HashedRecord[] {
  const out: HashedRecord[] = [];
  for (let revision = from; revision < from + count; revision++) {
    const record: LedgerRecord = {
      v: 1,
      stream,
      revision,
      id: `00000000-0000-4000-8000-${String(revision).padStart(12, '0')}`,
      type: 'AccessRecorded',
      schema: 1,
      recordedAt: '2026-01-01T00:00:00.000Z',
      data: { ip: '203.0.113.7', at: '2026-01-01T00:00:00.000Z', kind: 'access' },
      meta: { actor: 'spec' },
      prev: out.at(-1)?.hash ?? prev,
    };
    out.push({ record, hash: hashRecord(record) });
  }
  return out;
}

async function readAll(iterable: AsyncIterable<StoredRecord>): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** the first `count` records a subscription delivers (waits generously; this is no timing test) */
async function firstRecords(messages: AsyncIterable<SubscriptionMessage>, count: number): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for await (const message of messages) {
    if (message.kind === 'record') out.push(message.record);
    if (out.length === count) break;
  }
  return out;
}

describe('embedded SQLite event store', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-sqlite-store-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps one file under the data directory, in WAL mode with synchronous=FULL', async () => {
    const store = createSqliteEventStore({ dataDir });
    await store.append('account-1', 'no_stream', records('account-1', 0, 1));
    await store.close();

    const db = new Database(path.join(dataDir, SQLITE_LOG_FILE_NAME), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(LOG_SCHEMA_VERSION);
    db.close();
    const store2 = createSqliteEventStore({ dataDir });
    // the store's own connection: synchronous=FULL is 2
    expect((store2 as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    await store2.close();
  });

  it('gives back every acknowledged append after reopening, and positions keep increasing', async () => {
    const first = createSqliteEventStore({ dataDir });
    const written = records('account-1', 0, 50);
    const results = await Promise.all(
      written.map((record, index) => first.append('account-1', index - 1 < 0 ? 'no_stream' : index - 1, [record])),
    );
    await first.close();

    const reopened = createSqliteEventStore({ dataDir });
    const read = await readAll(reopened.readStream('account-1'));
    expect(read.map(({ record, hash }) => ({ record, hash }))).toEqual(written);
    expect(read.map((stored) => stored.position)).toEqual(results.map((result) => result.position));
    const next = await reopened.append('account-1', 49, records('account-1', 50, 1, written[49].hash));
    expect(next.position > results[49].position).toBe(true);
    await reopened.close();
  });

  it('gives back appends of any length in order, at consecutive positions (rows are inserted several at a time)', async () => {
    const store = createSqliteEventStore({ dataDir });
    const lengths = [1, 15, 16, 17, 40];
    const written = lengths.map((count, i) => records(`access-${i}`, 0, count));
    const results = await store.appendMany(
      written.map((entry, i) => ({ stream: `access-${i}`, expectedRevision: 'no_stream' as const, records: entry })),
    );

    const log = await readAll(store.readAll());
    // compared by hash, and each record against its hash: a short difference to print when it fails
    expect(log.map((stored) => stored.hash)).toEqual(written.flat().map((entry) => entry.hash));
    expect(log.filter((stored) => hashRecord(stored.record) !== stored.hash).map((stored) => stored.position)).toEqual(
      [],
    );
    expect(log.map((stored) => stored.position)).toEqual(log.map((_, i) => log[0].position + BigInt(i)));
    expect(results.map((result) => result.position)).toEqual(
      lengths.map((_, i) => log[lengths.slice(0, i + 1).reduce((sum, count) => sum + count, 0) - 1].position),
    );
    await store.close();
  });

  it('writes appends still queued when it is closed', async () => {
    const store = createSqliteEventStore({ dataDir });
    const pending = store.append('account-1', 'no_stream', records('account-1', 0, 2));
    await store.close();
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });

    const reopened = createSqliteEventStore({ dataDir });
    expect(await readAll(reopened.readStream('account-1'))).toHaveLength(2);
    await reopened.close();
  });

  it('wakes subscriptions of another store instance on the same file', async () => {
    const writer = createSqliteEventStore({ dataDir });
    // a poll interval far beyond the test's time: only the in-process notification can deliver in time
    const reader = createSqliteEventStore({ dataDir, pollIntervalMs: 600_000 });
    const subscription = reader.subscribeToAll({ fromPosition: 'end' });
    const delivered = firstRecords(subscription, 1);

    await writer.append('account-1', 'no_stream', records('account-1', 0, 1));

    expect((await delivered).map((stored) => stored.record.stream)).toEqual(['account-1']);
    await subscription.close();
    await reader.close();
    await writer.close();
  });

  it("sees another process's writes by polling", async () => {
    const store = createSqliteEventStore({ dataDir, pollIntervalMs: 20 });
    await store.append('account-1', 'no_stream', records('account-1', 0, 1));
    const subscription = store.subscribeToAll({ fromPosition: 'end' });
    const delivered = firstRecords(subscription, 1);

    // a second connection, as another process would have, that our in-process notifier knows nothing of
    const other = new Database(path.join(dataDir, SQLITE_LOG_FILE_NAME));
    const [record] = records('account-2', 0, 1);
    other
      .prepare('INSERT INTO records (stream, revision, id, type, hash, record) VALUES (?, ?, ?, ?, ?, ?)')
      .run('account-2', 0, record.record.id, record.record.type, record.hash, JSON.stringify(record.record));
    other.close();

    expect((await delivered).map((stored) => stored.hash)).toEqual([record.hash]);
    await subscription.close();
    await store.close();
  });

  it('delivers records whose bodies are read on first use when a subscription asks for none', async () => {
    const store = createSqliteEventStore({ dataDir });
    const written = records('account-1', 0, 3);
    await store.append('account-1', 'no_stream', written);
    const subscription = store.subscribeToAll({ fromPosition: 'start', recordBodies: false });
    const delivered = await firstRecords(subscription, 3);
    await subscription.close();
    expect(delivered.map((stored) => stored.hash)).toEqual(written.map((entry) => entry.hash));
    expect(delivered.map((stored) => stored.record)).toEqual(written.map((entry) => entry.record));
    await store.close();
  });

  it('filters in SQL and in code alike, with quotes and characters outside the BMP in prefixes', async () => {
    const store = createSqliteEventStore({ dataDir });
    const streams = ["o'neil-1", 'o-neil-2', '𝒜cct-1', '𝒜b-2', 'special-measure-9', 'special-measures'];
    for (const stream of streams) await store.append(stream, 'no_stream', records(stream, 0, 2));
    const filters = [
      { streamPrefixes: ["o'neil"] },
      { streamPrefixes: ['𝒜c', 'special-measure-'] },
      { excludeStreamPrefixes: ['𝒜', "o'"] },
      { eventTypes: ['AccessRecorded'], streamPrefixes: ['special'] },
    ];
    for (const filter of filters) {
      const read = await readAll(store.readAll({ filter }));
      const expected = streams.filter(
        (stream) =>
          (!filter.streamPrefixes || filter.streamPrefixes.some((prefix) => stream.startsWith(prefix))) &&
          !(filter.excludeStreamPrefixes ?? []).some((prefix) => stream.startsWith(prefix)),
      );
      expect([...new Set(read.map((stored) => stored.record.stream))]).toEqual(expected);
    }
    await store.close();
  });

  it('copies the WAL back into the database file itself once a few MiB were committed', async () => {
    const store = createSqliteEventStore({ dataDir });
    const file = path.join(dataDir, SQLITE_LOG_FILE_NAME);
    const sizeBefore = fs.statSync(file).size;
    const padded = (stream: string) =>
      records(stream, 0, 40).map(({ record }) => {
        const big: LedgerRecord = { ...record, data: { ...record.data, note: 'n'.repeat(4000) } };
        return { record: big, hash: hashRecord(big) };
      });
    // 30 streams of 40 records of ~4 KB: about 5 MB, over the writer's checkpoint threshold
    for (let i = 0; i < 30; i++) {
      const stream = `account-${i}`;
      const chained = padded(stream).reduce<HashedRecord[]>((out, { record }) => {
        const linked: LedgerRecord = { ...record, prev: out.at(-1)?.hash ?? null };
        return [...out, { record: linked, hash: hashRecord(linked) }];
      }, []);
      await store.append(stream, 'no_stream', chained);
    }
    // the checkpoint runs after the answer, on the writer thread: wait for its effect (no timing asserted)
    // (up to 20 s: a slow disk syncs megabytes slowly; a store that never checkpoints fails after it)
    for (let waited = 0; fs.statSync(file).size < sizeBefore + 4_000_000 && waited < 400; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 4_000_000);
    await store.close();
  });

  it('starts the WAL over once the writes stop, even when commits came in while it was copied back', async () => {
    const store = createSqliteEventStore({ dataDir });
    const wal = path.join(dataDir, `${SQLITE_LOG_FILE_NAME}-wal`);
    const padded = (stream: string, count: number) => {
      const out: HashedRecord[] = [];
      for (const { record } of records(stream, 0, count)) {
        const big: LedgerRecord = {
          ...record,
          data: { ...record.data, note: 'n'.repeat(4000) },
          prev: out.at(-1)?.hash ?? null,
        };
        out.push({ record: big, hash: hashRecord(big) });
      }
      return out;
    };
    const small = async (from: number, count: number) => {
      for (let revision = from; revision < from + count; revision++) {
        await store.append(
          'account-s',
          revision - 1 < 0 ? 'no_stream' : revision - 1,
          records('account-s', revision, 1),
        );
      }
    };
    // about 20 MB in one commit: a checkpoint is due, and copying it back takes a while...
    const bulk = Array.from({ length: 50 }, (_, i) => ({
      stream: `access-${i}`,
      expectedRevision: 'no_stream' as const,
      records: padded(`access-${i}`, 100),
    }));
    await store.appendMany(bulk);
    // ...during which small commits come in
    await small(0, 10);
    // Once nothing is written for a while the checkpointer catches up, and the next commit starts the WAL over:
    // commits after it are written from the beginning again, so the file does not grow. How long "a while" is
    // depends on the disk (copying 20 MB back and syncing it), so the pause is tried again, longer each time,
    // rather than guessed; a store whose WAL never starts over fails every try.
    let revision = 10;
    const grewOnEachTry: number[] = [];
    for (let pause = 250; pause <= 8000; pause *= 2) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      await small(revision, 1);
      const size = fs.statSync(wal).size;
      await small(revision + 1, 50);
      revision += 51;
      const grew = fs.statSync(wal).size - size;
      grewOnEachTry.push(grew);
      if (grew === 0) break;
    }
    await store.close();

    expect(grewOnEachTry.at(-1)).toBe(0);
  });

  it('keeps the process alive until close() has finished, then lets it end', () => {
    // run in a process of its own: Jest's own handles would keep any process alive
    const child = runTsChild(`
      const { createSqliteEventStore } = require('@cip/event-store');
      (async () => {
        const store = createSqliteEventStore({ dataDir: ${JSON.stringify(dataDir)} });
        await store.close();
        process.stdout.write('closed; ');
        const again = createSqliteEventStore({ dataDir: ${JSON.stringify(dataDir)} });
        await again.close();
        process.stdout.write('closed again');
      })();
    `);
    expect({ status: child.status, stdout: child.stdout, stderr: child.stderr }).toEqual({
      status: 0,
      stdout: 'closed; closed again',
      stderr: '',
    });
  });

  it('writes nothing of an appendMany whose iterable throws after chunks were sent to the writer', async () => {
    const store = createSqliteEventStore({ dataDir });
    function* entries() {
      // 3 x 600 records: the first chunks reach the writer thread before the iterable fails
      for (let i = 0; i < 3; i++) {
        const stream = `access-${i}`;
        yield { stream, expectedRevision: 'no_stream' as const, records: records(stream, 0, 600) };
      }
      throw new Error('the caller gave up');
    }
    await expect(store.appendMany(entries())).rejects.toThrow('the caller gave up');
    expect(await readAll(store.readAll())).toEqual([]);
    // and the store goes on working
    await store.append('account-1', 'no_stream', records('account-1', 0, 1));
    expect(await readAll(store.readAll())).toHaveLength(1);
    await store.close();
  });

  describe('live subscriptions fed from the commits of their own store instance', () => {
    /**
     * Reads a subscription up to its caught-up message, then gives a function that takes the next `count`
     * records, or what came within a generous wait (this is no timing test: a subscription that delivers too
     * few records shows as a difference, not as a hung test).
     */
    async function caughtUp(subscription: AsyncIterable<SubscriptionMessage>) {
      const iterator = subscription[Symbol.asyncIterator]();
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.kind === 'caught-up') break;
      }
      return async (count: number): Promise<StoredRecord[]> => {
        const out: StoredRecord[] = [];
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<'gave up'>((resolve) => (timer = setTimeout(() => resolve('gave up'), 15_000)));
        while (out.length < count) {
          const next = await Promise.race([iterator.next(), giveUp]);
          if (next === 'gave up' || next.done) break;
          if (next.value.kind === 'record') out.push(next.value.record);
        }
        clearTimeout(timer);
        return out;
      };
    }

    function expectTheLog(delivered: StoredRecord[], log: StoredRecord[]): void {
      expect(delivered.map((stored) => [stored.position, stored.hash, stored.record])).toEqual(
        log.map((stored) => [stored.position, stored.hash, stored.record]),
      );
    }

    function* bulk(streams: number, perStream: number, prefix: string) {
      for (let i = 0; i < streams; i++) {
        const stream = `${prefix}-${i}`;
        yield { stream, expectedRevision: 'no_stream' as const, records: records(stream, 0, perStream) };
      }
    }

    it('delivers a bulk append of several chunks once each, in order, as the table holds it, bodies or not', async () => {
      const store = createSqliteEventStore({ dataDir });
      await store.append('account-0', 'no_stream', records('account-0', 0, 1));
      const withBodies = store.subscribeToAll({ fromPosition: 'end' });
      const hashesOnly = store.subscribeToAll({ fromPosition: 'end', recordBodies: false });
      const [takeWithBodies, takeHashesOnly] = await Promise.all([caughtUp(withBodies), caughtUp(hashesOnly)]);

      await store.appendMany(bulk(60, 50, 'access'));
      await store.append('account-0', 0, records('account-0', 1, 1, (await store.lastRecord('account-0'))!.hash));

      const log = (await readAll(store.readAll())).slice(1);
      expect(log).toHaveLength(3001);
      expectTheLog(await takeWithBodies(3001), log);
      expectTheLog(await takeHashesOnly(3001), log);
      await Promise.all([withBodies.close(), hashesOnly.close()]);
      await store.close();
    });

    it("delivers every record once, in order, when another instance's commits come in between", async () => {
      const mine = createSqliteEventStore({ dataDir });
      const other = createSqliteEventStore({ dataDir });
      const subscription = mine.subscribeToAll({ fromPosition: 'end' });
      const take = await caughtUp(subscription);

      for (let round = 0; round < 5; round++) {
        await Promise.all([
          mine.appendMany(bulk(20, 30, `mine-${round}`)),
          other.appendMany(bulk(20, 30, `other-${round}`)),
          mine.append(`single-${round}`, 'no_stream', records(`single-${round}`, 0, 2)),
        ]);
      }

      const log = await readAll(mine.readAll());
      expect(log).toHaveLength(5 * (600 + 600 + 2));
      expectTheLog(await take(log.length), log);
      await subscription.close();
      await Promise.all([mine.close(), other.close()]);
    });

    it('delivers what the log holds, not what an idempotent re-append (same ids, other data) sent', async () => {
      const store = createSqliteEventStore({ dataDir });
      const first = records('account-1', 0, 2);
      await store.append('account-1', 'no_stream', first);
      // opened before the re-append, read after it: the first records are still to be delivered
      const subscription = store.subscribeToAll({ fromPosition: 'start' });
      const resent = records('account-1', 0, 2, 'f'.repeat(64));
      expect(resent.map((entry) => entry.hash)).not.toEqual(first.map((entry) => entry.hash));

      await store.append('account-1', 'no_stream', resent);
      await store.append('account-1', 1, records('account-1', 2, 1, first[1].hash));

      const log = await readAll(store.readAll());
      expect(log.map((stored) => stored.hash)).toEqual([first[0].hash, first[1].hash, log[2].hash]);
      expectTheLog(await firstRecords(subscription, 3), log);
      await subscription.close();
      await store.close();
    });

    it('gives a consumer that fell far behind every record once, in order', async () => {
      const store = createSqliteEventStore({ dataDir });
      const subscription = store.subscribeToAll({ fromPosition: 'end', recordBodies: false });
      const take = await caughtUp(subscription);

      // more than the subscription keeps waiting in memory, while its consumer takes nothing
      await store.appendMany(bulk(200, 100, 'first'));
      await store.appendMany(bulk(200, 100, 'second'));

      const log = await readAll(store.readAll());
      expect(log).toHaveLength(40_000);
      const delivered = await take(40_000);
      expect(delivered.map((stored) => [stored.position, stored.hash])).toEqual(
        log.map((stored) => [stored.position, stored.hash]),
      );
      await subscription.close();
      await store.close();
    });
  });

  it('refuses a log file written by a newer schema', async () => {
    const file = path.join(dataDir, 'newer.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${LOG_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => createSqliteEventStore({ file })).toThrow(/log schema/);
    await Promise.resolve();
  });
});
