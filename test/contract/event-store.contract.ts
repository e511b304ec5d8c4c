import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { hashRecord, type HashedRecord } from '@cip/integrity';
import {
  AppendManyError,
  AppendTooLargeError,
  InvalidAppendError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type StoredRecord,
} from '@cip/event-store';
import {
  buildRecords,
  collect,
  continueStream,
  readStreamOrEmpty,
  rejection,
  SubscriptionProbe,
  uniqueStream,
} from './contract-records';

/** What a contract factory hands the suite: a store that is ready to use, and how to dispose of it. */
export interface ContractStore {
  store: EventStore;
  teardown(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must show, whichever store holds the log. Call it from a
 * `*.contract.int-spec.ts` file with a factory that returns a fresh store (the factory may share a server
 * between tests: the suite never assumes an empty global log and names its streams uniquely).
 *
 * @example
 *   describeEventStoreContract('sqlite', async () => {
 *     const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-'));
 *     const store = createSqliteEventStore({ dataDir: dir });
 *     return { store, teardown: async () => { await store.close(); fs.rmSync(dir, { recursive: true }); } };
 *   });
 */
export function describeEventStoreContract(name: string, factory: () => Promise<ContractStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let teardown: () => Promise<void>;

    beforeEach(async () => {
      ({ store, teardown } = await factory());
    });
    afterEach(async () => {
      await teardown();
    });

    function expectRoundTrip(read: StoredRecord[], appended: HashedRecord[]): void {
      expect(read.map(({ record, hash }) => ({ record, hash }))).toEqual(appended);
      for (const stored of read) expect(hashRecord(stored.record)).toBe(stored.hash);
    }

    function expectIncreasing(positions: bigint[]): void {
      for (let i = 1; i < positions.length; i++) expect(positions[i] > positions[i - 1]).toBe(true);
    }

    async function expectWrongVersion(
      action: () => Promise<unknown>,
      expected: ExpectedRevision,
      actual: number | 'no_stream',
    ): Promise<void> {
      const error = await rejection(action);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ expected, actual });
    }

    describe('append and read back', () => {
      it('appends to a new stream and reads back the identical records, hashes and positions', async () => {
        const stream = uniqueStream('account');
        const records = buildRecords(stream, 0, 3, null);

        const result = await store.append(stream, 'no_stream', records);

        expect(result.nextExpectedRevision).toBe(2);
        expect(typeof result.position).toBe('bigint');
        const read = await collect(store.readStream(stream));
        expectRoundTrip(read, records);
        expectIncreasing(read.map((stored) => stored.position));
        expect(read[2].position).toBe(result.position);
      });

      it('continues a stream with each kind of expected revision', async () => {
        const stream = uniqueStream('account');
        const first = buildRecords(stream, 0, 1, null);
        const second = buildRecords(stream, 1, 2, first[0].hash);
        const third = buildRecords(stream, 3, 1, second[1].hash);
        const fourth = buildRecords(stream, 4, 1, third[0].hash);

        const results = [
          await store.append(stream, 'no_stream', first),
          await store.append(stream, 0, second),
          await store.append(stream, 'stream_exists', third),
          await store.append(stream, 'any', fourth),
        ];

        expect(results.map((result) => result.nextExpectedRevision)).toEqual([0, 2, 3, 4]);
        expectIncreasing(results.map((result) => result.position));
        expectRoundTrip(await collect(store.readStream(stream)), [...first, ...second, ...third, ...fourth]);
      });

      it('appends with any to a missing stream', async () => {
        const stream = uniqueStream('account');
        const records = buildRecords(stream, 0, 2, null);
        expect((await store.append(stream, 'any', records)).nextExpectedRevision).toBe(1);
        expectRoundTrip(await collect(store.readStream(stream)), records);
      });

      it('keeps unicode stream names intact in streams, the global log and subscriptions', async () => {
        const prefix = uniqueStream('account-ü-日本');
        const stream = `${prefix}-😀`;
        const subscription = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } }),
        );
        const records = buildRecords(stream, 0, 2, null);

        await store.append(stream, 'no_stream', records);

        expectRoundTrip(await collect(store.readStream(stream)), records);
        expectRoundTrip(await collect(store.readAll({ filter: { streamPrefixes: [prefix] } })), records);
        expect(await subscription.waitFor((probe) => probe.records().length >= 2)).toBe(true);
        await subscription.close();
        expectRoundTrip(subscription.records(), records);
        expect((await store.lastRecord(stream))?.hash).toBe(records[1].hash);
      });

      it('round-trips an append of about half a MiB', async () => {
        const stream = uniqueStream('account');
        const records = buildRecords(stream, 0, 1, null, { dataBytes: 512 * 1024 });
        await store.append(stream, 'no_stream', records);
        expectRoundTrip(await collect(store.readStream(stream)), records);
      });

      it('refuses an append over 1 MiB with AppendTooLargeError and writes nothing', async () => {
        const stream = uniqueStream('account');
        const records = buildRecords(stream, 0, 3, null, { dataBytes: 400 * 1024 });

        const error = await rejection(() => store.append(stream, 'no_stream', records));

        expect(error).toBeInstanceOf(AppendTooLargeError);
        expect((error as AppendTooLargeError).limitBytes).toBe(1024 * 1024);
        expect((error as AppendTooLargeError).sizeBytes).toBeGreaterThan(1024 * 1024);
        expect(await readStreamOrEmpty(store, stream)).toEqual([]);
        // the store is still usable afterwards
        await store.append(stream, 'no_stream', buildRecords(stream, 0, 1, null));
        expect(await collect(store.readStream(stream))).toHaveLength(1);
      });
    });

    describe('expected revision', () => {
      it('reports wrong expected versions with the expected and the actual revision', async () => {
        const stream = uniqueStream('account');
        const missing = uniqueStream('account');
        const first = buildRecords(stream, 0, 3, null);
        await store.append(stream, 'no_stream', first);

        await expectWrongVersion(
          () => store.append(stream, 'no_stream', buildRecords(stream, 0, 1, null)),
          'no_stream',
          2,
        );
        await expectWrongVersion(() => store.append(stream, 0, buildRecords(stream, 1, 1, first[0].hash)), 0, 2);
        await expectWrongVersion(() => store.append(stream, 5, buildRecords(stream, 6, 1, first[2].hash)), 5, 2);
        await expectWrongVersion(
          () => store.append(missing, 'stream_exists', buildRecords(missing, 1, 1, first[0].hash)),
          'stream_exists',
          'no_stream',
        );
        await expectWrongVersion(() => store.append(missing, 0, buildRecords(missing, 1, 1, null)), 0, 'no_stream');
        expectRoundTrip(await collect(store.readStream(stream)), first);
        expect(await readStreamOrEmpty(store, missing)).toEqual([]);
      });

      it('refuses any and stream_exists appends whose records do not continue the stream', async () => {
        const stream = uniqueStream('account');
        const first = buildRecords(stream, 0, 2, null);
        await store.append(stream, 'no_stream', first);

        await expectWrongVersion(
          () => store.append(stream, 'any', buildRecords(stream, 5, 1, first[1].hash)),
          'any',
          1,
        );
        await expectWrongVersion(
          () => store.append(stream, 'stream_exists', buildRecords(stream, 1, 1, first[0].hash)),
          'stream_exists',
          1,
        );
        expectRoundTrip(await collect(store.readStream(stream)), first);
      });

      it('refuses appends that can never fit with InvalidAppendError and writes nothing', async () => {
        const stream = uniqueStream('account');
        const other = uniqueStream('account');
        const twice = randomUUID();
        const shapes: Array<[ExpectedRevision, HashedRecord[]]> = [
          ['no_stream', []],
          ['no_stream', buildRecords(other, 0, 1, null)],
          ['no_stream', buildRecords(stream, 1, 1, null)],
          [3, buildRecords(stream, 2, 1, null)],
          ['stream_exists', buildRecords(stream, 0, 1, null)],
          ['no_stream', buildRecords(stream, 0, 2, null, { ids: [twice, twice] })],
          ['no_stream', buildRecords(stream, 0, 3, null, { ids: [twice, randomUUID(), twice] })],
          // a long append: the repeated id comes last
          [
            'no_stream',
            buildRecords(stream, 0, 20, null, { ids: [twice, ...Array.from({ length: 18 }, randomUUID), twice] }),
          ],
          ['no_stream', [buildRecords(stream, 0, 1, null)[0], buildRecords(stream, 2, 1, null)[0]]],
          ['no_stream', buildRecords(stream, 0, 1, null).map(({ record }) => ({ record, hash: 'not-a-hash' }))],
        ];
        for (const [expected, records] of shapes) {
          expect(await rejection(() => store.append(stream, expected, records))).toBeInstanceOf(InvalidAppendError);
        }
        expect(await readStreamOrEmpty(store, stream)).toEqual([]);
        expect(await readStreamOrEmpty(store, other)).toEqual([]);
      });

      it('lets exactly one of 50 concurrent appends with the same expected revision win', async () => {
        const stream = uniqueStream('account');
        const first = buildRecords(stream, 0, 1, null);
        await store.append(stream, 'no_stream', first);
        const contenders = Array.from({ length: 50 }, () => buildRecords(stream, 1, 2, first[0].hash));

        const outcomes = await Promise.allSettled(contenders.map((records) => store.append(stream, 0, records)));

        const winners = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [index] : []));
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
            expect(outcome.reason).toMatchObject({ expected: 0, actual: 2 });
          }
        }
        expectRoundTrip(await collect(store.readStream(stream)), [...first, ...contenders[winners[0]]]);
      });

      it('lands every one of 50 concurrent callers that append with any and retry on conflict, without gaps', async () => {
        const stream = uniqueStream('account');
        const callerIds = Array.from({ length: 50 }, () => randomUUID());

        await Promise.all(
          callerIds.map(async (id) => {
            for (let attempt = 0; attempt < 200; attempt++) {
              const last = await store.lastRecord(stream);
              try {
                return await store.append(stream, 'any', continueStream(last, stream, 1, { ids: [id] }));
              } catch (error) {
                if (!(error instanceof WrongExpectedVersionError)) throw error;
              }
            }
            throw new Error('never landed');
          }),
        );

        const read = await collect(store.readStream(stream));
        expect(read.map((stored) => stored.record.revision)).toEqual(callerIds.map((_, index) => index));
        expect(new Set(read.map((stored) => stored.record.id))).toEqual(new Set(callerIds));
        for (let i = 1; i < read.length; i++) expect(read[i].record.prev).toBe(read[i - 1].hash);
        for (const stored of read) expect(hashRecord(stored.record)).toBe(stored.hash);
      });
    });

    describe('idempotency', () => {
      it('returns the original result for a re-append of the same records and writes nothing', async () => {
        const stream = uniqueStream('account');
        const first = buildRecords(stream, 0, 2, null);
        const second = buildRecords(stream, 2, 2, first[1].hash);
        const original = await store.append(stream, 'no_stream', first);
        const secondResult = await store.append(stream, 1, second);

        expect(await store.append(stream, 'no_stream', first)).toEqual(original);
        expect(await store.append(stream, 'any', first)).toEqual(original);
        expect(await store.append(stream, 1, second)).toEqual(secondResult);
        expect(await store.append(stream, 'any', second)).toEqual(secondResult);
        expectRoundTrip(await collect(store.readStream(stream)), [...first, ...second]);
      });

      it('refuses a re-append that only partly matches with WrongExpectedVersionError', async () => {
        const stream = uniqueStream('account');
        const first = buildRecords(stream, 0, 2, null);
        await store.append(stream, 'no_stream', first);
        const partly = [first[0], buildRecords(stream, 1, 1, first[0].hash)[0]];
        const beyond = [first[1], buildRecords(stream, 2, 1, first[1].hash)[0]];

        await expectWrongVersion(() => store.append(stream, 'no_stream', partly), 'no_stream', 1);
        await expectWrongVersion(() => store.append(stream, 0, beyond), 0, 1);
        expectRoundTrip(await collect(store.readStream(stream)), first);
      });
    });

    describe('reading a stream', () => {
      let stream: string;
      let records: HashedRecord[];
      beforeEach(async () => {
        stream = uniqueStream('account');
        records = buildRecords(stream, 0, 10, null);
        await store.append(stream, 'no_stream', records.slice(0, 4));
        await store.append(stream, 3, records.slice(4));
      });

      it('reads forwards from a revision with a limit', async () => {
        expectRoundTrip(await collect(store.readStream(stream, { fromRevision: 3, maxCount: 4 })), records.slice(3, 7));
        expectRoundTrip(
          await collect(store.readStream(stream, { fromRevision: 'start', maxCount: 2 })),
          records.slice(0, 2),
        );
        expect(await collect(store.readStream(stream, { fromRevision: 10 }))).toEqual([]);
      });

      it('reads backwards from the end or from a revision', async () => {
        const backwards = [...records].reverse();
        expectRoundTrip(await collect(store.readStream(stream, { direction: 'backwards' })), backwards);
        expectRoundTrip(
          await collect(store.readStream(stream, { direction: 'backwards', fromRevision: 'end', maxCount: 3 })),
          backwards.slice(0, 3),
        );
        expectRoundTrip(
          await collect(store.readStream(stream, { direction: 'backwards', fromRevision: 5, maxCount: 2 })),
          [records[5], records[4]],
        );
      });

      it('gives the last record, or null for a missing stream', async () => {
        const last = await store.lastRecord(stream);
        expect(last && { record: last.record, hash: last.hash }).toEqual(records[9]);
        expect(await store.lastRecord(uniqueStream('account'))).toBeNull();
      });

      it('throws StreamNotFoundError for a missing stream', async () => {
        const missing = uniqueStream('account');
        const error = await rejection(() => store.readStream(missing));
        expect(error).toBeInstanceOf(StreamNotFoundError);
        expect(error).toMatchObject({ stream: missing });
        expect(await rejection(() => store.readStream(missing, { direction: 'backwards' }))).toBeInstanceOf(
          StreamNotFoundError,
        );
      });
    });

    describe('tombstones', () => {
      it('deletes a stream for good: appends, reads and tombstones then throw StreamDeletedError', async () => {
        const stream = uniqueStream('account');
        const records = buildRecords(stream, 0, 2, null);
        await store.append(stream, 'no_stream', records);

        await expectWrongVersion(() => store.tombstone(stream, 0), 0, 1);
        await store.tombstone(stream, 1);

        expect(
          await rejection(() => store.append(stream, 'any', buildRecords(stream, 2, 1, records[1].hash))),
        ).toBeInstanceOf(StreamDeletedError);
        expect(await rejection(() => store.readStream(stream))).toBeInstanceOf(StreamDeletedError);
        expect(await rejection(() => store.lastRecord(stream))).toBeInstanceOf(StreamDeletedError);
        expect(await rejection(() => store.tombstone(stream, 'any'))).toBeInstanceOf(StreamDeletedError);
        // whatever else the global log holds for it, every record it yields is still an intact ledger record
        const prefix = stream;
        for (const stored of await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }))) {
          expect(hashRecord(stored.record)).toBe(stored.hash);
        }
      });

      it('tombstones a stream that never existed', async () => {
        const stream = uniqueStream('account');
        await store.tombstone(stream, 'no_stream');
        expect(
          await rejection(() => store.append(stream, 'no_stream', buildRecords(stream, 0, 1, null))),
        ).toBeInstanceOf(StreamDeletedError);
      });
    });

    describe('stream heads', () => {
      it("gives each named stream's last revision, -1 for a missing one and 'deleted' for a tombstoned one", async () => {
        const grown = uniqueStream('account-ü-日本-😀');
        const single = uniqueStream('access');
        const missing = uniqueStream('access');
        const deleted = uniqueStream('account');
        const grownRecords = buildRecords(grown, 0, 3, null);
        await store.append(grown, 'no_stream', grownRecords.slice(0, 2));
        await store.append(grown, 1, grownRecords.slice(2));
        await store.append(single, 'no_stream', buildRecords(single, 0, 1, null));
        await store.append(deleted, 'no_stream', buildRecords(deleted, 0, 2, null));
        await store.tombstone(deleted, 1);

        const heads = await store.streamHeads([grown, single, missing, deleted, grown]);

        expect(Object.fromEntries(heads)).toEqual({ [grown]: 2, [single]: 0, [missing]: -1, [deleted]: 'deleted' });
        expect((await store.streamHeads([])).size).toBe(0);
      });

      it('sees an append made after an earlier call', async () => {
        const stream = uniqueStream('access');
        expect((await store.streamHeads([stream])).get(stream)).toBe(-1);
        await store.append(stream, 'no_stream', buildRecords(stream, 0, 2, null));
        expect((await store.streamHeads([stream])).get(stream)).toBe(1);
      });
    });

    describe('appendMany', () => {
      it('appends to many streams in one call, in order, with one result per entry', async () => {
        const prefix = uniqueStream('access');
        const streams = Array.from({ length: 20 }, (_, index) => `${prefix}-${index}`);
        const batches = streams.map((stream, index) => buildRecords(stream, 0, 1 + (index % 3), null));
        const follow = buildRecords(streams[0], 1, 1, batches[0][0].hash);

        const results = await store.appendMany([
          ...streams.map((stream, index) => ({
            stream,
            expectedRevision: 'no_stream' as const,
            records: batches[index],
          })),
          { stream: streams[0], expectedRevision: 0, records: follow },
        ]);

        expect(results.map((result) => result.nextExpectedRevision)).toEqual([
          ...batches.map((records) => records.length - 1),
          1,
        ]);
        expectIncreasing(results.map((result) => result.position));
        for (const [index, stream] of streams.entries()) {
          expectRoundTrip(
            await collect(store.readStream(stream)),
            index === 0 ? [...batches[0], ...follow] : batches[index],
          );
        }
      });

      it('reports each failed entry in AppendManyError while the other entries stand', async () => {
        const taken = uniqueStream('access');
        const fresh = uniqueStream('access');
        const existing = buildRecords(taken, 0, 1, null);
        await store.append(taken, 'no_stream', existing);
        const freshRecords = buildRecords(fresh, 0, 2, null);

        const error = await rejection(() =>
          store.appendMany([
            { stream: taken, expectedRevision: 'no_stream', records: buildRecords(taken, 0, 1, null) },
            { stream: fresh, expectedRevision: 'no_stream', records: freshRecords },
          ]),
        );

        expect(error).toBeInstanceOf(AppendManyError);
        const outcomes = (error as AppendManyError).outcomes;
        expect(outcomes[0]).toBeInstanceOf(WrongExpectedVersionError);
        expect(outcomes[1]).toMatchObject({ nextExpectedRevision: 1 });
        expectRoundTrip(await collect(store.readStream(taken)), existing);
        expectRoundTrip(await collect(store.readStream(fresh)), freshRecords);
      });
    });

    describe('reading the global log', () => {
      let prefix: string;
      let appended: Array<HashedRecord & { type: string }>;
      beforeEach(async () => {
        prefix = uniqueStream('log');
        appended = [];
        const typesByStream = ['AccessRecorded', 'AccountOpened', 'AccessRecorded'];
        for (let round = 0; round < 3; round++) {
          for (const [index, type] of typesByStream.entries()) {
            const stream = `${prefix}-${index === 1 ? 'account' : 'access'}-${index}`;
            const previous = appended.filter((item) => item.record.stream === stream).at(-1);
            const records = buildRecords(stream, round * 2, 2, previous?.hash ?? null, { type });
            await store.append(stream, previous ? previous.record.revision : 'no_stream', records);
            appended.push(...records.map((item) => ({ ...item, type })));
          }
        }
      });
      const plain = (items: Array<HashedRecord & { type: string }>) =>
        items.map(({ record, hash }) => ({ record, hash }));

      it('reads forwards in commit order, filtered by stream prefix, with strictly increasing positions', async () => {
        const read = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        expectRoundTrip(read, plain(appended));
        expectIncreasing(read.map((stored) => stored.position));
      });

      it('reads from a position inclusive, with a limit, and backwards from the end', async () => {
        const all = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
        const from = all[5].position;
        expectRoundTrip(
          await collect(store.readAll({ fromPosition: from, maxCount: 4, filter: { streamPrefixes: [prefix] } })),
          plain(appended.slice(5, 9)),
        );
        expectRoundTrip(
          await collect(store.readAll({ direction: 'backwards', maxCount: 4, filter: { streamPrefixes: [prefix] } })),
          plain(appended).reverse().slice(0, 4),
        );
        expectRoundTrip(
          await collect(
            store.readAll({ direction: 'backwards', fromPosition: from, filter: { streamPrefixes: [prefix] } }),
          ),
          plain(appended.slice(0, 6)).reverse(),
        );
      });

      it('filters by event type and excluded stream prefixes', async () => {
        expectRoundTrip(
          await collect(store.readAll({ filter: { streamPrefixes: [prefix], eventTypes: ['AccountOpened'] } })),
          plain(appended.filter((item) => item.type === 'AccountOpened')),
        );
        expectRoundTrip(
          await collect(
            store.readAll({ filter: { streamPrefixes: [prefix], excludeStreamPrefixes: [`${prefix}-access`] } }),
          ),
          plain(appended.filter((item) => !item.record.stream.startsWith(`${prefix}-access`))),
        );
      });

      it('never returns system records', async () => {
        const read = await collect(store.readAll({ direction: 'backwards', maxCount: 200 }));
        for (const stored of read) {
          expect(stored.record.stream.startsWith('$')).toBe(false);
          expect(stored.record.type.startsWith('$')).toBe(false);
        }
      });
    });

    describe('subscriptions to the global log', () => {
      /** appends `rounds` x 3 streams of records to streams under `prefix`, awaiting each append */
      async function burst(prefix: string, rounds: number, perAppend = 5): Promise<void> {
        const lastByStream = new Map<string, HashedRecord>();
        for (let round = 0; round < rounds; round++) {
          await Promise.all(
            [0, 1, 2].map(async (index) => {
              const stream = `${prefix}-${index}`;
              const last = lastByStream.get(stream);
              const records = buildRecords(stream, last ? last.record.revision + 1 : 0, perAppend, last?.hash ?? null);
              lastByStream.set(stream, records.at(-1)!);
              await store.append(stream, last ? last.record.revision : 'no_stream', records);
            }),
          );
        }
      }

      async function marker(prefix: string): Promise<bigint> {
        const stream = `${prefix}-marker`;
        return (await store.append(stream, 'no_stream', buildRecords(stream, 0, 1, null))).position;
      }

      async function logAfter(prefix: string, position: bigint): Promise<StoredRecord[]> {
        const read = await collect(store.readAll({ fromPosition: position, filter: { streamPrefixes: [prefix] } }));
        return read.filter((stored) => stored.position > position);
      }

      function expectSameRecords(delivered: StoredRecord[], expected: StoredRecord[]): void {
        expect(delivered.map((stored) => [stored.position, stored.record.id, stored.hash])).toEqual(
          expected.map((stored) => [stored.position, stored.record.id, stored.hash]),
        );
        for (const stored of delivered) expect(hashRecord(stored.record)).toBe(stored.hash);
      }

      it('started before a burst: delivers every record once, in order, after caught-up', async () => {
        const prefix = uniqueStream('sub');
        const start = await marker(prefix);
        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }),
        );
        await burst(prefix, 10);
        const expected = await logAfter(prefix, start);

        expect(await probe.waitFor((p) => p.records().length >= expected.length)).toBe(true);
        await probe.close();
        expectSameRecords(probe.records(), expected);
        expect(probe.messages.filter((message) => message.kind === 'caught-up')).toHaveLength(1);
      });

      it('started during a burst: neither loses nor repeats records across the switch to live', async () => {
        const prefix = uniqueStream('sub');
        const start = await marker(prefix);
        const running = burst(prefix, 20, 3);
        await new Promise((resolve) => setTimeout(resolve, 5));
        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }),
        );
        await running;
        const expected = await logAfter(prefix, start);

        expect(await probe.waitFor((p) => p.records().length >= expected.length)).toBe(true);
        // a little longer, to catch duplicates arriving late
        await probe.waitFor(() => false, 300);
        await probe.close();
        expectSameRecords(probe.records(), expected);
        expect(probe.messages.filter((message) => message.kind === 'caught-up')).toHaveLength(1);
      });

      it('started after a burst: catches up first, signals caught-up once, then delivers live records', async () => {
        const prefix = uniqueStream('sub');
        const start = await marker(prefix);
        await burst(prefix, 10);
        const before = await logAfter(prefix, start);
        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }),
        );

        expect(await probe.waitFor((p) => p.caughtUpIndex() >= 0)).toBe(true);
        const recordsBeforeCaughtUp = probe.messages
          .slice(0, probe.caughtUpIndex())
          .flatMap((message) => (message.kind === 'record' ? [message.record] : []));
        expectSameRecords(recordsBeforeCaughtUp, before);

        const live = `${prefix}-live`;
        await store.append(live, 'no_stream', buildRecords(live, 0, 2, null));
        const expected = await logAfter(prefix, start);
        expect(await probe.waitFor((p) => p.records().length >= expected.length)).toBe(true);
        await probe.close();
        expectSameRecords(probe.records(), expected);
        expect(probe.messages.filter((message) => message.kind === 'caught-up')).toHaveLength(1);
      });

      it('from the end delivers only new records; a live append is delivered (loosely timed)', async () => {
        const prefix = uniqueStream('sub');
        await marker(prefix);
        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } }),
        );
        expect(await probe.waitFor((p) => p.caughtUpIndex() >= 0)).toBe(true);

        const stream = `${prefix}-live`;
        const records = buildRecords(stream, 0, 1, null);
        await store.append(stream, 'no_stream', records);

        // a generous wait: this proves live delivery happens, not how fast (npm run bench measures that)
        expect(await probe.waitFor((p) => p.records().length >= 1, 10_000)).toBe(true);
        await probe.close();
        expectRoundTrip(probe.records(), records);
      });

      it('from the start delivers records appended before it was opened, before caught-up', async () => {
        const prefix = uniqueStream('sub');
        const stream = `${prefix}-early`;
        const records = buildRecords(stream, 0, 3, null);
        await store.append(stream, 'no_stream', records);

        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: 'start', filter: { streamPrefixes: [prefix] } }),
        );
        expect(await probe.waitFor((p) => p.caughtUpIndex() >= 0, 60_000)).toBe(true);
        await probe.close();
        expect(probe.records()).toHaveLength(3);
        expect(probe.messages.findIndex((message) => message.kind === 'record')).toBeLessThan(probe.caughtUpIndex());
        expectRoundTrip(probe.records(), records);
      }, 90_000);

      it('filters by event type and excluded prefixes', async () => {
        const prefix = uniqueStream('sub');
        const probe = new SubscriptionProbe(
          store.subscribeToAll({
            fromPosition: 'end',
            filter: {
              streamPrefixes: [prefix],
              eventTypes: ['AccountFlagged'],
              excludeStreamPrefixes: [`${prefix}-x`],
            },
          }),
        );
        const kept = `${prefix}-kept`;
        const keptRecords = buildRecords(kept, 0, 1, null, { type: 'AccountFlagged' });
        await store.append(
          `${prefix}-x`,
          'no_stream',
          buildRecords(`${prefix}-x`, 0, 1, null, { type: 'AccountFlagged' }),
        );
        await store.append(`${prefix}-other`, 'no_stream', buildRecords(`${prefix}-other`, 0, 1, null));
        await store.append(kept, 'no_stream', keptRecords);
        const sentinel = `${prefix}-sentinel`;
        const sentinelRecords = buildRecords(sentinel, 0, 1, null, { type: 'AccountFlagged' });
        await store.append(sentinel, 'no_stream', sentinelRecords);

        expect(await probe.waitFor((p) => p.records().length >= 2)).toBe(true);
        await probe.close();
        expectRoundTrip(probe.records(), [...keptRecords, ...sentinelRecords]);
      });

      it('sends checkpoints while scanning records the filter leaves out', async () => {
        const prefix = uniqueStream('sub');
        const probe = new SubscriptionProbe(
          store.subscribeToAll({
            fromPosition: 'end',
            filter: { streamPrefixes: [`${prefix}-kept`] },
            checkpointInterval: 32,
          }),
        );
        expect(await probe.waitFor((p) => p.caughtUpIndex() >= 0)).toBe(true);
        const skipped = `${prefix}-skipped`;
        let last: HashedRecord | undefined;
        let firstSkippedPosition: bigint | undefined;
        for (let round = 0; round < 10; round++) {
          const records = buildRecords(skipped, round * 10, 10, last?.hash ?? null);
          const result = await store.append(skipped, last ? last.record.revision : 'no_stream', records);
          firstSkippedPosition ??= result.position;
          last = records.at(-1);
        }
        const kept = `${prefix}-kept`;
        const keptRecords = buildRecords(kept, 0, 1, null);
        const keptResult = await store.append(kept, 'no_stream', keptRecords);

        const checkpointed = (p: SubscriptionProbe) =>
          p.messages.some((message) => message.kind === 'checkpoint' && message.position >= firstSkippedPosition!);
        expect(await probe.waitFor((p) => checkpointed(p) && p.records().length >= 1)).toBe(true);
        await probe.close();
        expectRoundTrip(probe.records(), keptRecords);
        // a checkpoint promises that nothing matching at or before it is still to come
        let delivered = 0n;
        for (const message of probe.messages) {
          if (message.kind === 'record') delivered = message.record.position;
          if (message.kind === 'checkpoint') {
            expect(message.position >= delivered).toBe(true);
            if (delivered === 0n) expect(message.position < keptResult.position).toBe(true);
          }
        }
      });

      it('resumes after a position exclusively', async () => {
        const prefix = uniqueStream('sub');
        const stream = `${prefix}-s`;
        const records = buildRecords(stream, 0, 4, null);
        await store.append(stream, 'no_stream', records.slice(0, 2));
        const resumeFrom = (await store.append(stream, 1, records.slice(2, 3))).position;
        await store.append(stream, 2, records.slice(3));

        const probe = new SubscriptionProbe(
          store.subscribeToAll({ fromPosition: resumeFrom, filter: { streamPrefixes: [prefix] } }),
        );
        expect(await probe.waitFor((p) => p.caughtUpIndex() >= 0)).toBe(true);
        await probe.close();
        expectRoundTrip(probe.records(), records.slice(3));
      });

      it('ends the iteration when closed', async () => {
        const subscription = store.subscribeToAll({ fromPosition: 'end' });
        const probe = new SubscriptionProbe(subscription);
        await probe.waitFor((p) => p.caughtUpIndex() >= 0);
        await subscription.close();
        await expect(probe.finished).resolves.toBeUndefined();
        expect(probe.error).toBeUndefined();
      });
    });

    describe('against a model (fast-check)', () => {
      type Expectation = 'exact' | 'wrong-exact' | 'any' | 'no_stream' | 'stream_exists';
      type Operation =
        | { kind: 'append'; stream: number; count: number; expectation: Expectation; offset: number }
        | { kind: 'reappend'; stream: number }
        | { kind: 'read'; stream: number; backwards: boolean; from: number; max: number }
        | { kind: 'last'; stream: number };
      const operation: fc.Arbitrary<Operation> = fc.oneof(
        {
          arbitrary: fc.record({
            kind: fc.constant('append' as const),
            stream: fc.nat(2),
            count: fc.integer({ min: 1, max: 3 }),
            expectation: fc.constantFrom<Expectation>('exact', 'wrong-exact', 'any', 'no_stream', 'stream_exists'),
            offset: fc.integer({ min: 1, max: 3 }),
          }),
          weight: 4,
        },
        { arbitrary: fc.record({ kind: fc.constant('reappend' as const), stream: fc.nat(2) }), weight: 1 },
        {
          arbitrary: fc.record({
            kind: fc.constant('read' as const),
            stream: fc.nat(2),
            backwards: fc.boolean(),
            from: fc.nat(8),
            max: fc.integer({ min: 1, max: 10 }),
          }),
          weight: 2,
        },
        { arbitrary: fc.record({ kind: fc.constant('last' as const), stream: fc.nat(2) }), weight: 1 },
      );

      it('behaves like a list of streams for any sequence of appends and reads', async () => {
        await fc.assert(
          fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 12 }), async (operations) => {
            const prefix = uniqueStream('model');
            const names = [0, 1, 2].map((index) => `${prefix}-${index}`);
            const model = names.map(() => [] as HashedRecord[]);
            const lastAppend = names.map(
              () =>
                undefined as { expected: ExpectedRevision; records: HashedRecord[]; result: AppendResult } | undefined,
            );

            for (const op of operations) {
              const stream = names[op.stream];
              const held = model[op.stream];
              const current = held.length === 0 ? ('no_stream' as const) : held.length - 1;
              if (op.kind === 'append') {
                let expected: ExpectedRevision;
                let from = held.length;
                let succeeds = true;
                switch (op.expectation) {
                  case 'exact':
                    expected = current;
                    break;
                  case 'wrong-exact':
                    expected = held.length - 1 + op.offset;
                    from = expected + 1;
                    succeeds = false;
                    break;
                  case 'any':
                    expected = 'any';
                    break;
                  case 'no_stream':
                    expected = 'no_stream';
                    from = 0;
                    succeeds = held.length === 0;
                    break;
                  case 'stream_exists':
                    expected = 'stream_exists';
                    from = Math.max(1, held.length);
                    succeeds = held.length > 0;
                    break;
                }
                const records = buildRecords(
                  stream,
                  from,
                  op.count,
                  from === held.length ? (held.at(-1)?.hash ?? null) : null,
                );
                if (succeeds) {
                  const result = await store.append(stream, expected, records);
                  expect(result.nextExpectedRevision).toBe(held.length + op.count - 1);
                  held.push(...records);
                  lastAppend[op.stream] = { expected, records, result };
                } else {
                  await expectWrongVersion(() => store.append(stream, expected, records), expected, current);
                }
              } else if (op.kind === 'reappend') {
                const previous = lastAppend[op.stream];
                if (!previous) continue;
                expect(await store.append(stream, previous.expected, previous.records)).toEqual(previous.result);
              } else if (op.kind === 'read') {
                const options = {
                  direction: op.backwards ? ('backwards' as const) : ('forwards' as const),
                  fromRevision: op.from,
                  maxCount: op.max,
                };
                if (held.length === 0) {
                  expect(await rejection(() => store.readStream(stream, options))).toBeInstanceOf(StreamNotFoundError);
                  continue;
                }
                const expected = op.backwards
                  ? held
                      .slice(0, Math.min(op.from, held.length - 1) + 1)
                      .reverse()
                      .slice(0, op.max)
                  : held.slice(op.from, op.from + op.max);
                expectRoundTrip(await collect(store.readStream(stream, options)), expected);
              } else {
                const last = await store.lastRecord(stream);
                expect(last && { record: last.record, hash: last.hash }).toEqual(held.at(-1) ?? null);
              }
            }
          }),
          { numRuns: 25 },
        );
      }, 120_000);
    });
  });
}
