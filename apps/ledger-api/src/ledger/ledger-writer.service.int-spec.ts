import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DomainEvent } from '@cip/domain';
import { type SqliteEventStore, StreamDeletedError, createSqliteEventStore } from '@cip/event-store';
import { loadConfig } from '../config/ledger-config';
import { MetricsService } from '../observability/metrics.service';
import { systemClock } from '../tokens';
import { buildHashedRecord } from './ledger-record.factory';
import { LedgerWriter } from './ledger-writer.service';
import type { PiiSealer } from './pii-sealer';
import type { StreamModel } from './stream-model';

// LedgerWriter.loadMany: the states of a bulk request's streams, checked against the store in one call.

/** how many records the stream holds */
const countModel: StreamModel<number> = { initialState: () => 0, evolve: (count) => count + 1 };
const noPii: PiiSealer = { seal: ({ data }) => Promise.resolve(data), open: ({ data }) => Promise.resolve(data) };
const noted: DomainEvent = { type: 'Noted', schema: 1, data: { note: 'n' } };

describe('LedgerWriter.loadMany (embedded store)', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let writer: LedgerWriter;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-writer-'));
    store = createSqliteEventStore({ dataDir });
    writer = new LedgerWriter(store, noPii, systemClock, loadConfig({}), new MetricsService());
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function noteOnce(stream: string): Promise<void> {
    await writer.execute({
      stream,
      model: countModel,
      subjectId: 's',
      meta: { actor: 'spec', correlationId: 'c' },
      decide: () => [noted],
    });
  }

  /** an append the writer does not see: another process (or instance) writing the same log */
  async function appendBehindTheCache(stream: string): Promise<void> {
    const last = await store.lastRecord(stream);
    const record = buildHashedRecord({
      stream,
      revision: last!.record.revision + 1,
      id: `behind-${last!.record.revision + 1}`,
      type: noted.type,
      schema: noted.schema,
      recordedAt: new Date().toISOString(),
      data: noted.data as Record<string, unknown>,
      actor: 'elsewhere',
      correlationId: 'c',
      prev: last!.hash,
    });
    await store.append(stream, last!.record.revision, [record]);
  }

  const subjects = (...streams: string[]) => streams.map((stream) => ({ stream, subjectId: 's' }));

  it('refreshed: reads the streams that moved behind its cache, keeps the others, and starts missing ones empty', async () => {
    await noteOnce('note-still');
    await noteOnce('note-moved');
    await appendBehindTheCache('note-moved');

    const [still, moved, missing] = await writer.loadMany(
      subjects('note-still', 'note-moved', 'note-none'),
      countModel,
      {
        refresh: true,
      },
    );

    expect(still).toMatchObject({ revision: 0, state: 1 });
    expect(moved).toMatchObject({ revision: 1, state: 2, lastId: 'behind-1' });
    expect(missing).toMatchObject({ revision: -1, state: 0, lastHash: null });
  });

  it('without refresh: answers from its cache', async () => {
    await noteOnce('note-moved');
    await appendBehindTheCache('note-moved');

    const [moved] = await writer.loadMany(subjects('note-moved'), countModel);

    expect(moved).toMatchObject({ revision: 0, state: 1 });
  });

  it('refreshed: a tombstoned stream fails the load as a single load does', async () => {
    await noteOnce('note-gone');
    await store.tombstone('note-gone', 0);

    await expect(writer.loadMany(subjects('note-gone'), countModel, { refresh: true })).rejects.toBeInstanceOf(
      StreamDeletedError,
    );
  });
});
