import type { AppendResult, ExpectedRevision } from './event-store.port';

/** The stream's revision is not the one the caller expected (optimistic concurrency). */
export class WrongExpectedVersionError extends Error {
  readonly code = 'wrong-expected-version';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** the stream's current revision, or 'no_stream' */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersionError';
  }
}

export class StreamNotFoundError extends Error {
  readonly code = 'stream-not-found';
  constructor(readonly stream: string) {
    super(`stream ${stream} does not exist`);
    this.name = 'StreamNotFoundError';
  }
}

export class StreamDeletedError extends Error {
  readonly code = 'stream-deleted';
  constructor(readonly stream: string) {
    super(`stream ${stream} is deleted`);
    this.name = 'StreamDeletedError';
  }
}

/** An append larger than the store accepts (1 MiB by default, as EventStoreDB). */
export class AppendTooLargeError extends Error {
  readonly code = 'append-too-large';
  constructor(
    readonly stream: string,
    readonly sizeBytes: number,
    readonly limitBytes: number,
  ) {
    super(`append to ${stream} is ${sizeBytes} bytes, over the ${limitBytes}-byte limit`);
    this.name = 'AppendTooLargeError';
  }
}

/**
 * The records cannot be appended as given, whatever the stream's state: empty list, a record naming another
 * stream, revisions that are not consecutive or do not follow the expected revision, an event id repeated
 * within the append, a malformed hash. A caller bug: nothing is written and retrying cannot help.
 */
export class InvalidAppendError extends Error {
  readonly code = 'invalid-append';
  constructor(
    readonly stream: string,
    readonly reason: string,
  ) {
    super(`append to ${stream} is invalid: ${reason}`);
    this.name = 'InvalidAppendError';
  }
}

/**
 * Some entries of an appendMany call failed. Entries are independent: the others are written.
 * `outcomes[i]` is entry i's AppendResult or its error.
 */
export class AppendManyError extends Error {
  readonly code = 'append-many-failed';
  constructor(readonly outcomes: ReadonlyArray<AppendResult | Error>) {
    const failed = outcomes.filter((outcome) => outcome instanceof Error);
    super(`${failed.length} of ${outcomes.length} appends failed; first: ${failed[0]?.message ?? 'none'}`);
    this.name = 'AppendManyError';
  }
}
