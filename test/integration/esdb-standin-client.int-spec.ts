import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  binaryEvent,
  END,
  EventStoreDBClient,
  eventTypeFilter,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  MaxAppendSizeExceededError,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startEsdbStandin, type EsdbStandin } from '../support/esdb-standin/esdb-standin';

/**
 * Fidelity of the EventStoreDB stand-in, checked with @eventstore/db-client alone (no adapter) through
 * its documented calls: what a user of the client sees must be what a real EventStoreDB 24.10 gives.
 */

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function failure(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const events = (count: number, type = 'Tested') =>
  Array.from({ length: count }, (_, n) => jsonEvent({ type, data: { n }, metadata: { by: 'fidelity' } }));

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
}

for (const appendPath of ['BatchAppend', 'Append'] as const) {
  describe(`EventStoreDB stand-in through the raw client (${appendPath} path)`, () => {
    let standin: EsdbStandin;
    let client: EventStoreDBClient;

    beforeAll(async () => {
      standin = await startEsdbStandin({ hideBatchAppend: appendPath === 'Append' });
      client = EventStoreDBClient.connectionString(standin.connectionString);
    });
    afterAll(async () => {
      await client.dispose();
      await standin.stop();
    });

    it(`appends through ${appendPath} and reports revision and position`, async () => {
      const stream = unique('append');
      const result = await client.appendToStream(stream, events(3), { expectedRevision: 'no_stream' });

      expect(result.success).toBe(true);
      expect(result.nextExpectedRevision).toBe(2n);
      // the client picks its path from GetSupportedMethods: the switch must steer it
      expect(standin.calls[appendPath]).toBeGreaterThanOrEqual(1);
      expect(standin.calls[appendPath === 'Append' ? 'BatchAppend' : 'Append']).toBeUndefined();

      const read = await collect(client.readStream(stream));
      expect(read.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n, 2n]);
      expect(read[2].event?.position).toEqual(result.position);
      const commits = read.map((resolved) => resolved.event!.position!.commit);
      for (let i = 1; i < commits.length; i++) expect(commits[i] - commits[i - 1] > 1n).toBe(true);
      for (const resolved of read) expect(resolved.event?.position?.prepare).toBe(resolved.event?.position?.commit);
    });

    it('hands back every event field as written: id, type, JSON data and metadata, created, binary data', async () => {
      const stream = unique('fields');
      const id = randomUUID();
      const bytes = Uint8Array.from([0, 1, 2, 254, 255]);
      const startedAt = Date.now();
      await client.appendToStream(stream, [
        jsonEvent({
          id,
          type: 'Shaped',
          data: { text: 'Zoë 😀 \u2028', ratio: 0.30000000000000004 },
          metadata: { m: [1] },
        }),
        binaryEvent({ type: 'Raw', data: bytes }),
      ]);

      const [json, binary] = await collect(client.readStream(stream));
      expect(json.event).toMatchObject({
        id,
        streamId: stream,
        type: 'Shaped',
        isJson: true,
        data: { text: 'Zoë 😀 \u2028', ratio: 0.30000000000000004 },
        metadata: { m: [1] },
      });
      expect(json.event!.created.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
      expect(json.event!.created.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(binary.event?.isJson).toBe(false);
      expect(Buffer.from(binary.event!.data as Uint8Array)).toEqual(Buffer.from(bytes));
    });

    it('enforces expected revisions with WrongExpectedVersionError', async () => {
      const stream = unique('expected');
      const missing = unique('expected');
      await client.appendToStream(stream, events(2), { expectedRevision: 'no_stream' });

      const cases: Array<[string, Parameters<typeof client.appendToStream>[2], unknown, unknown]> = [
        [stream, { expectedRevision: 'no_stream' }, 'no_stream', 1n],
        [stream, { expectedRevision: 0n }, 0n, 1n],
        [stream, { expectedRevision: 7n }, 7n, 1n],
        [missing, { expectedRevision: 'stream_exists' }, 'stream_exists', 'no_stream'],
        [missing, { expectedRevision: 3n }, 3n, 'no_stream'],
      ];
      for (const [target, options, expectedVersion, actualVersion] of cases) {
        const error = await failure(() => client.appendToStream(target, events(1), options));
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamName: target, expectedVersion, actualVersion });
      }
      expect((await client.appendToStream(stream, events(1), { expectedRevision: 'any' })).nextExpectedRevision).toBe(
        2n,
      );
      expect(
        (await client.appendToStream(stream, events(1), { expectedRevision: 'stream_exists' })).nextExpectedRevision,
      ).toBe(3n);
    });

    it('lets exactly one of many concurrent appends at the same revision win', async () => {
      const stream = unique('race');
      await client.appendToStream(stream, events(1));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, () => client.appendToStream(stream, events(2), { expectedRevision: 0n })),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
      }
      expect(await collect(client.readStream(stream))).toHaveLength(3);
    });

    it('treats a re-append of the same event ids as idempotent, and a partial match as a conflict', async () => {
      const stream = unique('idempotent');
      const batch = events(2);
      const original = await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      await client.appendToStream(stream, events(1), { expectedRevision: 1n });

      expect(await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toEqual(original);
      expect(await client.appendToStream(stream, batch, { expectedRevision: 'any' })).toEqual(original);
      const partly = [batch[0], ...events(1)];
      expect(
        await failure(() => client.appendToStream(stream, partly, { expectedRevision: 'no_stream' })),
      ).toBeInstanceOf(WrongExpectedVersionError);
      expect(await collect(client.readStream(stream))).toHaveLength(3);
    });

    it('refuses an append over the 1 MiB maximum append size', async () => {
      const stream = unique('large');
      const big = jsonEvent({ type: 'Large', data: { blob: 'x'.repeat(600 * 1024) } });
      const error = await failure(() =>
        client.appendToStream(stream, [big, jsonEvent({ type: 'Large', data: { blob: 'y'.repeat(600 * 1024) } })]),
      );
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      expect(error).toMatchObject({ maxAppendSize: 1024 * 1024 });
      expect(await failure(() => collect(client.readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
    });

    it('reads streams forwards and backwards, from a revision, with a count', async () => {
      const stream = unique('read');
      await client.appendToStream(stream, events(6));
      const revisions = async (options: Parameters<typeof client.readStream>[1]) =>
        (await collect(client.readStream(stream, options))).map((resolved) => resolved.event?.revision);

      expect(await revisions({ fromRevision: 2n, maxCount: 3 })).toEqual([2n, 3n, 4n]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 2 })).toEqual([5n, 4n]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: 1n })).toEqual([1n, 0n]);
      expect(await revisions({ direction: FORWARDS, fromRevision: 9n })).toEqual([]);
      const error = await failure(() => collect(client.readStream(unique('missing'))));
      expect(error).toBeInstanceOf(StreamNotFoundError);
    });

    it('reads $all in commit order, inclusive from a position, backwards from the end, system events included', async () => {
      const stream = unique('all');
      await client.appendToStream(stream, events(4));
      const all = await collect(client.readAll());
      expect(all.some((resolved) => resolved.event?.streamId.startsWith('$'))).toBe(true);
      const mine = all.filter((resolved) => resolved.event?.streamId === stream);
      expect(mine.map((resolved) => resolved.event?.revision)).toEqual([0n, 1n, 2n, 3n]);

      const from = mine[1].event!.position;
      const fromThere = await collect(client.readAll({ fromPosition: from, maxCount: 2 }));
      expect(fromThere.map((resolved) => resolved.event?.id)).toEqual([mine[1].event?.id, mine[2].event?.id]);
      const newest = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 4 }));
      expect(newest.map((resolved) => resolved.event?.revision)).toEqual([3n, 2n, 1n, 0n]);
    });

    it('soft-deletes a stream: reads say not found, appends continue the numbering, metadata says so', async () => {
      const stream = unique('soft');
      await client.appendToStream(stream, events(2));
      await client.deleteStream(stream, { expectedRevision: 1n });

      expect(await failure(() => collect(client.readStream(stream)))).toBeInstanceOf(StreamNotFoundError);
      const again = await client.appendToStream(stream, events(1), { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(2n);
      const read = await collect(client.readStream(stream));
      expect(read.map((resolved) => resolved.event?.revision)).toEqual([2n]);
      expect((await client.getStreamMetadata(stream)).metadata?.truncateBefore).toBe(2);
      const wrong = await failure(() => client.deleteStream(stream, { expectedRevision: 0n }));
      expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
      expect(wrong).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 2n });
    });

    it('tombstones a stream for good, leaving a $streamDeleted record in $all', async () => {
      const stream = unique('tomb');
      await client.appendToStream(stream, events(1));
      await client.tombstoneStream(stream, { expectedRevision: 0n });

      expect(await failure(() => collect(client.readStream(stream)))).toBeInstanceOf(StreamDeletedError);
      const appendError = await failure(() => client.appendToStream(stream, events(1)));
      expect(appendError).toBeInstanceOf(StreamDeletedError);
      expect(appendError).toMatchObject({ streamName: stream });
      expect(await failure(() => client.tombstoneStream(stream))).toBeInstanceOf(StreamDeletedError);
      const tail = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 20 }));
      const marker = tail.find(
        (resolved) => resolved.event?.streamId === stream && resolved.event.type === '$streamDeleted',
      );
      expect(marker?.event?.revision).toBe(2n ** 63n - 1n);
    });

    it('applies stream metadata: maxCount limits what a read returns', async () => {
      const stream = unique('meta');
      await client.appendToStream(stream, events(5));
      await client.setStreamMetadata(stream, { maxCount: 2, custom: 'kept' });

      expect((await client.getStreamMetadata(stream)).metadata).toMatchObject({ maxCount: 2, custom: 'kept' });
      const read = await collect(client.readStream(stream));
      expect(read.map((resolved) => resolved.event?.revision)).toEqual([3n, 4n]);
    });

    it('subscribes to a stream: catch-up after the revision (exclusive), caught up, then live', async () => {
      const stream = unique('stream-sub');
      await client.appendToStream(stream, events(3));
      const subscription = client.subscribeToStream(stream, { fromRevision: 0n });
      let caughtUpAfter = -1;
      const seen: bigint[] = [];
      subscription.on('caughtUp', () => (caughtUpAfter = seen.length));
      subscription.on('data', (resolved: ResolvedEvent) => seen.push(resolved.event!.revision));

      expect(await waitUntil(() => caughtUpAfter >= 0)).toBe(true);
      await client.appendToStream(stream, events(1));
      expect(await waitUntil(() => seen.length === 3)).toBe(true);
      await subscription.unsubscribe();
      expect(seen).toEqual([1n, 2n, 3n]);
      expect(caughtUpAfter).toBe(2);
    });

    it('subscribes to $all with server-side filters, confirmation, caught-up and checkpoints', async () => {
      const prefix = unique('all-sub');
      const confirmed: string[] = [];
      const checkpoints: Position[] = [];
      const received: AllStreamResolvedEvent[] = [];
      let caughtUp = false;
      const subscription = client.subscribeToAll({
        fromPosition: END,
        filter: streamNameFilter({
          prefixes: [`${prefix}-kept`],
          checkpointInterval: 1,
          checkpointReached: (_subscription, position) => {
            checkpoints.push(position);
          },
        }),
      });
      subscription.on('confirmation', () => confirmed.push(subscription.id ?? ''));
      subscription.on('caughtUp', () => (caughtUp = true));
      subscription.on('data', (resolved: AllStreamResolvedEvent) => received.push(resolved));
      expect(await waitUntil(() => caughtUp)).toBe(true);

      await client.appendToStream(`${prefix}-skipped`, events(40));
      await client.appendToStream(`${prefix}-kept`, events(2));
      expect(await waitUntil(() => received.length === 2 && checkpoints.length > 0)).toBe(true);
      await subscription.unsubscribe();

      expect(confirmed).toHaveLength(1);
      expect(confirmed[0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(received.map((resolved) => resolved.event?.streamId)).toEqual([`${prefix}-kept`, `${prefix}-kept`]);
      expect(checkpoints[0].commit < received[0].event!.position.commit).toBe(true);
    });

    it('subscribes to $all from a position (exclusive), excluding system events or filtering on event type', async () => {
      const stream = unique('all-from');
      const first = await client.appendToStream(stream, events(1, 'First'));
      await client.setStreamMetadata(stream, { custom: 1 }); // a $metadata event in $$stream
      await client.appendToStream(stream, events(2, 'Later'));

      const take = async (filter: Parameters<typeof client.subscribeToAll>[0]) => {
        const subscription = client.subscribeToAll(filter);
        const got: Array<[string, string]> = [];
        for await (const resolved of subscription) {
          got.push([resolved.event!.streamId, resolved.event!.type]);
          if (got.length === 2) break;
        }
        return got;
      };
      expect(await take({ fromPosition: first.position!, filter: excludeSystemEvents() })).toEqual([
        [stream, 'Later'],
        [stream, 'Later'],
      ]);
      expect(await take({ fromPosition: START, filter: eventTypeFilter({ regex: '^Lat' }) })).toEqual([
        [stream, 'Later'],
        [stream, 'Later'],
      ]);
    });
  });
}
