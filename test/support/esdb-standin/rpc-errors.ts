import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  Any,
  BadRequest,
  Code,
  MaximumAppendSizeExceeded,
  ProtobufEmpty,
  Status,
  StreamDeleted,
  WrongExpectedVersion,
} from './protocol';
import { streamIdentifier } from './wire-format';
import { EXPECTED_ANY, EXPECTED_NO_STREAM, EXPECTED_STREAM_EXISTS } from './event-log';

/**
 * The server's two error channels: gRPC statuses with `exception` trailers (RpcExceptions.cs) for the
 * unary and client-streaming calls, and google.rpc.Status messages with a packed detail (Status.cs)
 * inside BatchAppend responses.
 */

function rpcError(code: status, details: string, trailers: Record<string, string>): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

export const rpcErrors = {
  streamDeleted: (stream: string) =>
    rpcError(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
      exception: 'stream-deleted',
      'stream-name': stream,
    }),
  wrongExpectedVersion: (operation: string, stream: string, expected: bigint, actual: bigint) =>
    rpcError(
      status.FAILED_PRECONDITION,
      `${operation} failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expected}, Actual version: ${actual}`,
      {
        exception: 'wrong-expected-version',
        'stream-name': stream,
        'expected-version': expected.toString(),
        'actual-version': actual.toString(),
      },
    ),
  maxAppendSizeExceeded: (limit: number) =>
    rpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${limit} Exceeded.`, {
      exception: 'maximum-append-size-exceeded',
      'maximum-append-size': String(limit),
    }),
  requiredMetadataPropertyMissing: (property: string) =>
    rpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': 'type,content-type',
    }),
  invalidArgument: (message: string) => rpcError(status.INVALID_ARGUMENT, message, {}),
  unavailable: (message: string) => rpcError(status.UNAVAILABLE, message, {}),
};

function packed(code: Code, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string): Status {
  const any = new Any();
  any.pack(detail.serializeBinary(), typeName);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

/** WrongExpectedVersion.Create: current revision or current_no_stream, and the expected revision's case. */
export function wrongExpectedVersionStatus(current: bigint, expected: bigint): Status {
  const detail = new WrongExpectedVersion();
  if (current < 0n) detail.setCurrentNoStream(new ProtobufEmpty());
  else detail.setCurrentStreamRevision(current.toString());
  if (expected === EXPECTED_ANY) detail.setExpectedAny(new ProtobufEmpty());
  else if (expected === EXPECTED_NO_STREAM) detail.setExpectedNoStream(new ProtobufEmpty());
  else if (expected === EXPECTED_STREAM_EXISTS) detail.setExpectedStreamExists(new ProtobufEmpty());
  else detail.setExpectedStreamPosition(expected.toString());
  return packed(Code.ALREADY_EXISTS, 'WrongExpectedVersion', detail, 'event_store.client.WrongExpectedVersion');
}

export function streamDeletedStatus(stream: string): Status {
  const detail = new StreamDeleted().setStreamIdentifier(streamIdentifier(stream));
  return packed(Code.NOT_FOUND, 'StreamDeleted', detail, 'event_store.client.StreamDeleted');
}

export function maximumAppendSizeExceededStatus(limit: number): Status {
  const detail = new MaximumAppendSizeExceeded().setMaxappendsize(limit);
  return packed(
    Code.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    detail,
    'event_store.client.MaximumAppendSizeExceeded',
  );
}

export function badRequestStatus(message: string): Status {
  return packed(
    Code.INVALID_ARGUMENT,
    'BadRequest',
    new BadRequest().setMessage(message),
    'event_store.client.BadRequest',
  );
}
