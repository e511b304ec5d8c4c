import type { EventData, JSONEventType, ResolvedEvent } from '@eventstore/db-client';
import type { HashedRecord, LedgerRecord } from '@cip/integrity';
import type { StoredRecord } from '../event-store.port';

/**
 * How a ledger record maps onto an EventStoreDB event (integrity format, section 1):
 * event id = `id`, event type = `type`, data = `data` (JSON), and the event's metadata (JSON) = every other
 * member except `stream` and `revision` (which the store itself holds), plus `hash`.
 *
 * Both JSON bodies are written with JSON.stringify and read with JSON.parse; for JSON values that round trip
 * is exact (numbers print in their shortest round-tripping form, every string escapes losslessly), and member
 * order does not matter because the hash is taken over the RFC 8785 canonical form.
 */

/** The members of a record that travel in the event's metadata, with the record's hash. */
type RecordMetadata = Omit<LedgerRecord, 'stream' | 'revision' | 'id' | 'type' | 'data'> & { hash: string };

export class NotALedgerRecordError extends Error {
  readonly code = 'not-a-ledger-record';
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super(`event ${revision} of stream ${stream} is not a ledger record: ${reason}`);
    this.name = 'NotALedgerRecordError';
  }
}

export function toEventData({ record, hash }: HashedRecord): EventData<JSONEventType> {
  const { stream: _stream, revision: _revision, id, type, data, ...rest } = record;
  const metadata: RecordMetadata = { ...rest, hash };
  return {
    id,
    type,
    contentType: 'application/json',
    data,
    metadata,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The stored record behind a resolved event; throws NotALedgerRecordError for anything else. */
export function toStoredRecord(resolved: ResolvedEvent): StoredRecord {
  const event = resolved.event;
  if (!event) throw new Error('resolved event without an event (links are not followed)');
  const invalid = (reason: string) => new NotALedgerRecordError(event.streamId, event.revision, reason);
  if (!event.isJson) throw invalid('its content type is not application/json');
  if (!isObject(event.data)) throw invalid('its data is not a JSON object');
  if (!isObject(event.metadata)) throw invalid('its metadata is not a JSON object');
  if (!event.position) throw invalid('it has no global position');
  const { hash, ...rest } = event.metadata as Partial<RecordMetadata>;
  if (typeof hash !== 'string') throw invalid('its metadata holds no hash');
  // what the store itself holds comes last, so metadata can never override it
  const record = {
    ...rest,
    stream: event.streamId,
    revision: Number(event.revision),
    id: event.id,
    type: event.type,
    data: event.data,
  } as LedgerRecord;
  return { record, hash, position: event.position.commit };
}
