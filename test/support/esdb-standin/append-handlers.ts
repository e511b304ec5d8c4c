import type { sendUnaryData, ServerDuplexStream, ServerReadableStream, ServiceError } from '@grpc/grpc-js';
import {
  EXPECTED_ANY,
  EXPECTED_NO_STREAM,
  EXPECTED_STREAM_EXISTS,
  type EventLog,
  type ProposedEvent,
  type WriteOutcome,
} from './event-log';
import {
  AllStreamPosition,
  type AppendReq,
  AppendResp,
  type BatchAppendReq,
  BatchAppendResp,
  Empty,
  ProtobufEmpty,
} from './protocol';
import {
  badRequestStatus,
  maximumAppendSizeExceededStatus,
  rpcErrors,
  streamDeletedStatus,
  wrongExpectedVersionStatus,
} from './rpc-errors';
import { BadRequestError, streamIdentifier, streamNameOf, uuidText } from './wire-format';

/** The server's default MaxAppendSize: 1 MiB, measured as Event.SizeOnDisk summed over the append. */
export const MAX_APPEND_SIZE = 1_048_576;

interface ExpectedRevisionOptions {
  hasAny(): boolean;
  hasNoStream(): boolean;
  hasStreamExists(): boolean;
}

export function expectedVersionOf(options: ExpectedRevisionOptions, exactRevision: () => string): bigint {
  if (options.hasAny()) return EXPECTED_ANY;
  if (options.hasNoStream()) return EXPECTED_NO_STREAM;
  if (options.hasStreamExists()) return EXPECTED_STREAM_EXISTS;
  const revision = exactRevision();
  if (revision === '') throw new BadRequestError('expected stream revision not set');
  return BigInt(revision);
}

/** Event.SizeOnDisk: data + metadata bytes + two bytes per UTF-16 unit of the event type. */
function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
}

interface ProposedMessageLike {
  getId(): Parameters<typeof uuidText>[0];
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

function proposedEvent(message: ProposedMessageLike, onMissing: (property: string) => Error): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  if (type === undefined) throw onMissing('type');
  const contentType = metadata.get('content-type');
  if (contentType === undefined) throw onMissing('content-type');
  return {
    id: uuidText(message.getId()),
    type,
    isJson: contentType === 'application/json',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/** Streams/Append: client streaming, options first, then one proposed message per event. */
export function handleAppend(log: EventLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let stream: string | undefined;
    let expected = EXPECTED_ANY;
    const events: ProposedEvent[] = [];
    let size = 0;
    let finished = false;
    const fail = (error: Error): void => {
      if (finished) return;
      finished = true;
      callback('code' in error ? (error as ServiceError) : rpcErrors.invalidArgument(error.message));
    };

    call.on('data', (request: AppendReq) => {
      if (finished) return;
      try {
        if (stream === undefined) {
          const options = request.getOptions();
          if (!options) throw new BadRequestError('the first message of an append must carry options');
          stream = streamNameOf(options.getStreamIdentifier());
          expected = expectedVersionOf(options, () => options.getRevision());
          return;
        }
        const message = request.getProposedMessage();
        if (!message) throw new BadRequestError('expected a proposed message');
        const event = proposedEvent(message, (property) => rpcErrors.requiredMetadataPropertyMissing(property));
        size += sizeOnDisk(event);
        if (size > MAX_APPEND_SIZE) throw rpcErrors.maxAppendSizeExceeded(MAX_APPEND_SIZE);
        events.push(event);
      } catch (error) {
        fail(error as Error);
      }
    });
    call.on('end', () => {
      if (finished) return;
      if (stream === undefined) return fail(new BadRequestError('an append must carry options'));
      finished = true;
      const outcome = log.append(stream, expected, events);
      if (outcome.kind === 'stream-deleted') return callback(rpcErrors.streamDeleted(stream));
      callback(null, appendResponse(outcome, expected));
    });
    call.on('error', () => {
      finished = true;
    });
  };
}

function appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream-deleted' }>, expected: bigint): AppendResp {
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.lastRevision < 0n) success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.lastRevision.toString());
    if (outcome.position === null) success.setNoPosition(new Empty());
    else {
      const position = outcome.position.toString();
      success.setPosition(new AppendResp.Position().setCommitPosition(position).setPreparePosition(position));
    }
    return new AppendResp().setSuccess(success);
  }
  // A wrong expected version on Append is a successful call whose reply says so (with the 20.6 fields too).
  const wrong = new AppendResp.WrongExpectedVersion();
  if (expected === EXPECTED_ANY) wrong.setExpectedAny(new Empty()).setAny2060(new Empty());
  else if (expected === EXPECTED_STREAM_EXISTS)
    wrong.setExpectedStreamExists(new Empty()).setStreamExists2060(new Empty());
  else if (expected === EXPECTED_NO_STREAM) wrong.setExpectedNoStream(new Empty());
  else wrong.setExpectedRevision(expected.toString()).setExpectedRevision2060(Number(expected));
  const current = outcome.currentRevision;
  if (current < 0n) wrong.setCurrentNoStream(new Empty()).setNoStream2060(new Empty());
  else wrong.setCurrentRevision(current.toString()).setCurrentRevision2060(Number(current));
  return new AppendResp().setWrongExpectedVersion(wrong);
}

interface PendingBatch {
  stream: string;
  expected: bigint;
  events: ProposedEvent[];
  size: number;
}

/**
 * Streams/BatchAppend: one long-lived bidirectional stream carrying many appends, each a run of chunks
 * sharing a correlation id (options in the first, is_final on the last), each answered once.
 */
export function handleBatchAppend(log: EventLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, PendingBatch>();
    call.on('data', (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const respond = (stream: string | undefined, fill: (response: BatchAppendResp) => void): void => {
        const response = new BatchAppendResp().setCorrelationId(correlation);
        if (stream !== undefined) response.setStreamIdentifier(streamIdentifier(stream));
        fill(response);
        call.write(response);
      };
      let stream: string | undefined;
      try {
        const correlationId = uuidText(correlation);
        const options = request.getOptions();
        if (options) {
          stream = streamNameOf(options.getStreamIdentifier());
          const expected = expectedVersionOf(options, () => options.getStreamPosition());
          if (!pending.has(correlationId)) pending.set(correlationId, { stream, expected, events: [], size: 0 });
        }
        const batch = pending.get(correlationId);
        if (!batch) return;
        stream = batch.stream;
        for (const message of request.getProposedMessagesList()) {
          const event = proposedEvent(
            message,
            (property) => new BadRequestError(`The given key '${property}' was not present`),
          );
          batch.events.push(event);
          batch.size += sizeOnDisk(event);
        }
        if (batch.size > MAX_APPEND_SIZE) {
          pending.delete(correlationId);
          return respond(batch.stream, (response) =>
            response.setError(maximumAppendSizeExceededStatus(MAX_APPEND_SIZE)),
          );
        }
        if (!request.getIsFinal()) return;
        pending.delete(correlationId);
        const outcome = log.append(batch.stream, batch.expected, batch.events);
        respond(batch.stream, (response) => {
          switch (outcome.kind) {
            case 'stream-deleted':
              return response.setError(streamDeletedStatus(batch.stream));
            case 'wrong-expected-version':
              return response.setError(wrongExpectedVersionStatus(outcome.currentRevision, batch.expected));
            case 'success':
              return response.setSuccess(batchSuccess(outcome));
          }
        });
      } catch (error) {
        respond(stream, (response) => response.setError(badRequestStatus((error as Error).message)));
      }
    });
    call.on('end', () => call.end());
    call.on('error', () => pending.clear());
  };
}

function batchSuccess(outcome: Extract<WriteOutcome, { kind: 'success' }>): BatchAppendResp.Success {
  const success = new BatchAppendResp.Success();
  if (outcome.lastRevision < 0n) success.setNoStream(new ProtobufEmpty());
  else success.setCurrentRevision(outcome.lastRevision.toString());
  if (outcome.position === null) success.setNoPosition(new ProtobufEmpty());
  else {
    const position = outcome.position.toString();
    success.setPosition(new AllStreamPosition().setCommitPosition(position).setPreparePosition(position));
  }
  return success;
}
