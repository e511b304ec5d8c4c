import { setImmediate as nextTurn } from 'node:timers/promises';
import { CancelledError, UnavailableError, type EventStoreDBClient } from '@eventstore/db-client';
import { hashRecord, type HashedRecord } from '@cip/integrity';
import { createEsdbEventStore, type EventStore, type LogSubscription, type StoredRecord } from '@cip/event-store';
import { startEsdbStandin, type EsdbStandin } from '../support/esdb-standin/esdb-standin';
import { buildRecords, uniqueStream } from '../contract/contract-records';

/**
 * The EventStoreDB adapter's subscriber across a server that dies and comes back: the stand-in is killed
 * (connections dropped abruptly) in the middle of a subscription and restarted on the same port with the
 * same data. Every record must arrive exactly once, in global order.
 */
describe('EventStoreDB adapter subscription across a killed and restarted server', () => {
  let standin: EsdbStandin;
  let store: EventStore;

  beforeEach(async () => {
    standin = await startEsdbStandin();
    store = createEsdbEventStore({
      connectionString: standin.connectionString,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
  });
  afterEach(async () => {
    await store.close();
    await standin.stop();
  });

  /** Appends `rounds` appends of `perAppend` records to each of three streams under `prefix`. */
  async function appendRounds(
    prefix: string,
    rounds: number,
    perAppend: number,
    from = new Map<string, HashedRecord>(),
  ) {
    const appended: HashedRecord[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const index of [0, 1, 2]) {
        const stream = `${prefix}-${index}`;
        const last = from.get(stream);
        const records = buildRecords(stream, last ? last.record.revision + 1 : 0, perAppend, last?.hash ?? null);
        await store.append(stream, last ? last.record.revision : 'no_stream', records);
        from.set(stream, records.at(-1)!);
        appended.push(...records);
      }
    }
    return { appended, last: from };
  }

  /** Consumes records; when `pauseAt` records have arrived, waits for `resume` before reading on. */
  function consume(subscription: LogSubscription, pauseAt: number, resume: Promise<void>) {
    const records: StoredRecord[] = [];
    let paused: () => void = () => undefined;
    const reachedPause = new Promise<void>((resolve) => (paused = resolve));
    const finished = (async () => {
      for await (const message of subscription) {
        if (message.kind !== 'record') continue;
        records.push(message.record);
        if (records.length === pauseAt) {
          paused();
          await resume;
        }
      }
    })();
    return { records, reachedPause, finished };
  }

  async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    return condition();
  }

  function expectExactlyOnceInOrder(delivered: StoredRecord[], appendedInOrder: HashedRecord[]): void {
    expect(delivered.map((stored) => stored.record.id)).toEqual(appendedInOrder.map(({ record }) => record.id));
    for (let i = 1; i < delivered.length; i++) expect(delivered[i].position > delivered[i - 1].position).toBe(true);
    for (const stored of delivered) expect(hashRecord(stored.record)).toBe(stored.hash);
  }

  it('resumes a catch-up cut off half way and delivers every record exactly once, in order', async () => {
    const prefix = uniqueStream('reconnect');
    const { appended: before, last } = await appendRounds(prefix, 40, 10); // 1200 records to catch up on
    let resume: () => void = () => undefined;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const subscription = store.subscribeToAll({ fromPosition: 'start', filter: { streamPrefixes: [prefix] } });
    const consumer = consume(subscription, 100, resumed);

    await consumer.reachedPause;
    await standin.kill();
    resume();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the subscriber now meets a dead server
    await standin.restart();
    const { appended: after } = await appendRounds(prefix, 5, 4, last);

    const expected = [...before, ...after];
    expect(await waitUntil(() => consumer.records.length >= expected.length)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200)); // room for a late duplicate to show up
    await subscription.close();
    await consumer.finished;
    expectExactlyOnceInOrder(consumer.records, expected);
  });

  it('resumes a live subscription after a kill and delivers what was appended after the restart', async () => {
    const prefix = uniqueStream('reconnect');
    const subscription = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } });
    const messages: string[] = [];
    const records: StoredRecord[] = [];
    const finished = (async () => {
      for await (const message of subscription) {
        messages.push(message.kind);
        if (message.kind === 'record') records.push(message.record);
      }
    })();
    expect(await waitUntil(() => messages.includes('caught-up'))).toBe(true);
    const { appended: first, last } = await appendRounds(prefix, 3, 2);
    expect(await waitUntil(() => records.length >= first.length)).toBe(true);

    await standin.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await standin.restart();
    const { appended: second } = await appendRounds(prefix, 3, 2, last);

    const expected = [...first, ...second];
    expect(await waitUntil(() => records.length >= expected.length)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await subscription.close();
    await finished;
    expectExactlyOnceInOrder(records, expected);
    expect(messages.filter((kind) => kind === 'caught-up')).toHaveLength(1);
  });

  it("close() ends an append waiting to try again after a lost connection, with the connection's error", async () => {
    // a pause far longer than the test may take: only close() can end it (it used to run on, keeping the process
    // alive, and then call the disposed client)
    const patient = createEsdbEventStore({
      connectionString: standin.connectionString,
      reconnect: { initialDelayMs: 600_000, maxDelayMs: 600_000 },
    });
    const prefix = uniqueStream('closing');
    await patient.append(`${prefix}-0`, 'no_stream', buildRecords(`${prefix}-0`, 0, 1, null));
    // tells when the first attempt of the next append has failed, so that close() comes during the pause
    const client = (patient as unknown as { client: EventStoreDBClient }).client;
    const appendToStream = client.appendToStream.bind(client);
    let attemptFailed: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (attemptFailed = resolve));
    client.appendToStream = (...args: Parameters<typeof appendToStream>) =>
      appendToStream(...args).catch((error: unknown) => {
        attemptFailed();
        throw error;
      });

    await standin.kill();
    const append = patient.append(`${prefix}-1`, 'no_stream', buildRecords(`${prefix}-1`, 0, 1, null)).then(
      () => 'appended',
      (error: unknown) => error,
    );
    await failed;
    await nextTurn(); // the store has begun its pause before trying again
    await patient.close();

    // the server was cut off mid-call (CANCELLED) or could not be reached (UNAVAILABLE), as the client saw it
    const outcome = await append;
    expect([UnavailableError, CancelledError].some((type) => outcome instanceof type)).toBe(true);
  });
});
