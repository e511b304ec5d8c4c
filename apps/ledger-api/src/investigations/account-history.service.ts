import { Inject, Injectable } from '@nestjs/common';
import { type AccountState, accessStream, accountStream } from '@cip/domain';
import { type EventStore, type StoredRecord, StreamNotFoundError } from '@cip/event-store';
import type { KeyStore } from '@cip/integrity';
import { accountModel } from '../ledger/stream-models';
import type { RecordMeta } from '@cip/integrity';
import { EVENT_STORE, KEY_STORE } from '../tokens';
import { openRecordData } from './opened-data';

export interface HistoryRequest {
  accountId: string;
  includeAccess: boolean;
  limit: number;
  /** last revision already returned per stream (account, access); -1: none */
  after: [number, number];
  /** epoch ms: records recorded after it are left out, and the state is replayed up to it */
  asOf?: number;
}

/** One record as an investigator reads it: PII opened (or marked shredded), with its hash and log position. */
export interface HistoryRecord {
  stream: string;
  revision: number;
  /** global log position (decimal text: it may exceed 2^53) */
  position: string;
  id: string;
  type: string;
  schema: number;
  recordedAt: string;
  data: Record<string, unknown>;
  meta: RecordMeta;
  prev: string | null;
  hash: string;
}

export interface HistoryPage {
  /** false: the account stream does not exist */
  found: boolean;
  streams: string[];
  records: HistoryRecord[];
  /** cursor for the next page, or null when this page holds the last records */
  next: string | null;
  /** with asOf: the account's state folded from every record up to asOf (not only this page) */
  state?: AccountState;
}

/**
 * Replays one account's history from the log itself (not from a read model): its account stream and, on
 * request, its access stream, merged in global log order and paged by a per-stream revision cursor.
 */
@Injectable()
export class AccountHistory {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  async page(request: HistoryRequest): Promise<HistoryPage> {
    const streams = [accountStream(request.accountId)];
    if (request.includeAccess) streams.push(accessStream(request.accountId));
    const perStream = await Promise.all(
      streams.map((stream, i) => this.read(stream, request.after[i] + 1, request.limit + 1, request.asOf)),
    );
    if (perStream[0] === null) return { found: false, streams, records: [], next: null };
    const merged = mergeByPosition(perStream.map((records) => records ?? []));
    const taken = merged.slice(0, request.limit);
    const cursor = [...request.after];
    for (const stored of taken) cursor[streams.indexOf(stored.record.stream)] = stored.record.revision;
    const records = await Promise.all(taken.map((stored) => this.open(stored)));
    const page: HistoryPage = {
      found: true,
      streams,
      records,
      next: merged.length > request.limit ? cursor.join('.') : null,
    };
    if (request.asOf !== undefined) page.state = await this.stateAsOf(streams, request.asOf);
    return page;
  }

  /** The account's state from every record of its streams recorded at or before `asOf`, in log order. */
  private async stateAsOf(streams: string[], asOf: number): Promise<AccountState> {
    const all = await Promise.all(streams.map((stream) => this.read(stream, 0, undefined, asOf)));
    let state = accountModel.initialState();
    for (const stored of mergeByPosition(all.map((records) => records ?? []))) {
      const data = await openRecordData(stored.record, this.keys);
      state = accountModel.evolve(state, { type: stored.record.type, schema: stored.record.schema, data });
    }
    return state;
  }

  /**
   * Records of a stream from `fromRevision`, at most `maxCount`, ending before the first one recorded after
   * `asOf` (the writer stamps recordedAt as it appends, so a stream's records are in recordedAt order).
   * null when the stream does not exist.
   */
  private async read(
    stream: string,
    fromRevision: number,
    maxCount: number | undefined,
    asOf: number | undefined,
  ): Promise<StoredRecord[] | null> {
    const records: StoredRecord[] = [];
    try {
      for await (const stored of this.store.readStream(stream, { fromRevision, maxCount })) {
        if (asOf !== undefined && Date.parse(stored.record.recordedAt) > asOf) break;
        records.push(stored);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return records;
  }

  private async open({ record, hash, position }: StoredRecord): Promise<HistoryRecord> {
    return {
      stream: record.stream,
      revision: record.revision,
      position: position.toString(),
      id: record.id,
      type: record.type,
      schema: record.schema,
      recordedAt: record.recordedAt,
      data: await openRecordData(record, this.keys),
      meta: record.meta,
      prev: record.prev,
      hash,
    };
  }
}

/** The records of several streams in global log order (each list is already in order). */
function mergeByPosition(lists: StoredRecord[][]): StoredRecord[] {
  return lists.flat().sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
