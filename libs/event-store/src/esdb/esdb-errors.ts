import {
  CancelledError,
  MaxAppendSizeExceededError,
  StreamDeletedError as ClientStreamDeletedError,
  StreamNotFoundError as ClientStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  AppendTooLargeError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';

/** Translates the client's errors into the port's; anything unknown passes through unchanged. */
export function toPortError(
  error: unknown,
  stream: string,
  context: { expected?: ExpectedRevision; sizeBytes?: number } = {},
): unknown {
  if (error instanceof ClientWrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new WrongExpectedVersionError(
      stream,
      context.expected ?? 'any',
      typeof actual === 'bigint' && actual >= 0n ? Number(actual) : 'no_stream',
    );
  }
  if (error instanceof ClientStreamDeletedError) return new StreamDeletedError(stream);
  if (error instanceof ClientStreamNotFoundError) return new StreamNotFoundError(stream);
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLargeError(stream, context.sizeBytes ?? error.maxAppendSize + 1, error.maxAppendSize);
  }
  return error;
}

/**
 * Errors after which the same call may simply be made again: the connection went away (the client has
 * already begun to reconnect) or the server cut a long-running call. Everything else is an answer.
 */
export function isConnectionLoss(error: unknown): boolean {
  if (error instanceof UnavailableError || error instanceof CancelledError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  // grpc-js status codes: CANCELLED 1, UNAVAILABLE 14 (for errors the client passes on unconverted)
  return code === 1 || code === 14;
}
