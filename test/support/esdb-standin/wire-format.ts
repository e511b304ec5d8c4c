import type { RecordedEvent } from './event-log';
import { ReadResp, StreamIdentifier, UUID } from './protocol';

/** Conversions between the wire messages and the stand-in's own values. */

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class BadRequestError extends Error {}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new BadRequestError('Required field StreamIdentifier not set.');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(stream: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
}

/** A UUID in either wire form, as the server's Guid prints it: lower-case hyphenated text. */
export function uuidText(uuid: UUID | undefined): string {
  if (uuid?.hasString()) {
    const text = uuid.getString();
    if (!UUID_TEXT.test(text)) throw new BadRequestError(`'${text}' is not a valid UUID`);
    return text.toLowerCase();
  }
  if (uuid?.hasStructured()) {
    const structured = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(structured.getLeastSignificantBits()), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  throw new BadRequestError('Required field Id not set.');
}

function uuidMessage(text: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) return uuid.setString(text);
  const bytes = Buffer.from(text.replace(/-/g, ''), 'hex');
  return uuid.setStructured(
    new UUID.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
}

export function readEventResponse(event: RecordedEvent, structuredIds: boolean): ReadResp {
  const position = event.position.toString();
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(event.revision.toString())
    .setCommitPosition(position)
    .setPreparePosition(position)
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  recorded
    .getMetadataMap()
    .set('type', event.type)
    .set('created', event.created.toString())
    .set('content-type', event.isJson ? 'application/json' : 'application/octet-stream');
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(recorded).setCommitPosition(position));
}
