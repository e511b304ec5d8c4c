import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { EventLog, RecordedEvent } from './event-log';
import { ReadReq, ReadResp } from './protocol';
import { rpcErrors } from './rpc-errors';
import { BadRequestError, readEventResponse, streamIdentifier, streamNameOf } from './wire-format';

type ReadCall = ServerWritableStream<ReadReq, ReadResp>;
type Options = ReadReq.Options;

/** The server's default filter search window (ReadBatchSize); checkpoints come every multiplier x window. */
const DEFAULT_SEARCH_WINDOW = 32;

class CallEnded extends Error {}

/** Writes with back-pressure, giving up when the client goes away. */
async function send(call: ReadCall, message: ReadResp, signal: AbortSignal): Promise<void> {
  if (signal.aborted) throw new CallEnded();
  if (call.write(message)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    signal.addEventListener('abort', done);
  });
  if (signal.aborted) throw new CallEnded();
}

type EventPredicate = (event: RecordedEvent) => boolean;

/** Stream-name or event-type filter: a regular expression (unanchored, like Regex.IsMatch) or prefixes. */
function filterOf(options: Options): { matches: EventPredicate; checkpointInterval: number } | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) throw new BadRequestError('a filter needs a stream-name or event-type expression');
  const field = (event: RecordedEvent): string => (onStream ? event.stream : event.type);
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  const matches: EventPredicate =
    regex !== ''
      ? (event) => new RegExp(regex).test(field(event))
      : (event) => prefixes.some((prefix) => field(event).startsWith(prefix));
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = filter.getCheckpointintervalmultiplier();
  if (multiplier <= 0) throw new BadRequestError('checkpoint interval multiplier must be positive');
  return { matches, checkpointInterval: multiplier * window };
}

/** Streams/Read: reads of a stream or $all in either direction, and catch-up subscriptions. */
export function handleRead(log: EventLog) {
  return (call: ReadCall): void => {
    const aborted = new AbortController();
    call.on('cancelled', () => aborted.abort());
    call.on('close', () => aborted.abort());
    const run = async (): Promise<void> => {
      const options = call.request.getOptions();
      if (!options) throw new BadRequestError('read options not set');
      const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
      const toResponse = (event: RecordedEvent): ReadResp => readEventResponse(event, structuredIds);
      const subscription = options.hasSubscription();
      if (options.hasStream()) {
        if (options.hasFilter()) throw new BadRequestError('stream reads take no filter');
        if (subscription) await subscribeToStream(log, call, options, toResponse, aborted.signal);
        else await readStream(log, call, options, toResponse, aborted.signal);
      } else if (options.hasAll()) {
        if (subscription) await subscribeToAll(log, call, options, toResponse, aborted.signal);
        else await readAll(log, call, options, toResponse, aborted.signal);
      } else {
        throw new BadRequestError('read options name neither a stream nor $all');
      }
    };
    run().then(
      () => {
        if (!aborted.signal.aborted) call.end();
      },
      (error: unknown) => {
        if (error instanceof CallEnded || aborted.signal.aborted) return;
        const failure = error as Error;
        call.emit('error', 'code' in failure ? failure : rpcErrors.invalidArgument(failure.message));
      },
    );
  };
}

function countOf(options: Options): bigint {
  const count = options.getCount();
  return count === '' ? 0n : BigInt(count);
}

function backwards(options: Options): boolean {
  return options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
}

async function readStream(
  log: EventLog,
  call: ReadCall,
  options: Options,
  toResponse: (event: RecordedEvent) => ReadResp,
  signal: AbortSignal,
): Promise<void> {
  const streamOptions = options.getStream()!;
  const stream = streamNameOf(streamOptions.getStreamIdentifier());
  const view = log.view(stream);
  if (view.kind === 'deleted') throw rpcErrors.streamDeleted(stream);
  if (view.kind === 'not-found') {
    const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream));
    return send(call, new ReadResp().setStreamNotFound(notFound), signal);
  }
  let remaining = countOf(options);
  if (backwards(options)) {
    let revision = streamOptions.hasStart()
      ? 0n
      : streamOptions.hasEnd()
        ? view.lastRevision
        : BigInt(streamOptions.getRevision());
    if (revision > view.lastRevision) revision = view.lastRevision;
    for (; revision >= view.firstVisible && remaining > 0n; revision -= 1n, remaining -= 1n) {
      await send(call, toResponse(view.events[Number(revision)]), signal);
    }
    return;
  }
  let revision = streamOptions.hasStart()
    ? 0n
    : streamOptions.hasEnd()
      ? view.lastRevision + 1n
      : BigInt(streamOptions.getRevision());
  if (revision < view.firstVisible) revision = view.firstVisible;
  for (; revision <= view.lastRevision && remaining > 0n; revision += 1n, remaining -= 1n) {
    await send(call, toResponse(view.events[Number(revision)]), signal);
  }
}

/** $all forwards from a position includes the record there; backwards from a position starts before it. */
async function readAll(
  log: EventLog,
  call: ReadCall,
  options: Options,
  toResponse: (event: RecordedEvent) => ReadResp,
  signal: AbortSignal,
): Promise<void> {
  const allOptions = options.getAll()!;
  const matches = filterOf(options)?.matches ?? (() => true);
  let remaining = countOf(options);
  const position = (): bigint => BigInt(allOptions.getPosition()!.getCommitPosition());
  if (backwards(options)) {
    let index = allOptions.hasStart()
      ? -1
      : allOptions.hasEnd()
        ? log.all.length - 1
        : log.indexAtOrAfter(position()) - 1;
    for (; index >= 0 && remaining > 0n; index -= 1) {
      const event = log.all[index];
      if (!matches(event)) continue;
      await send(call, toResponse(event), signal);
      remaining -= 1n;
    }
    return;
  }
  let index = allOptions.hasStart() ? 0 : allOptions.hasEnd() ? log.all.length : log.indexAtOrAfter(position());
  for (; index < log.all.length && remaining > 0n; index += 1) {
    const event = log.all[index];
    if (!matches(event)) continue;
    await send(call, toResponse(event), signal);
    remaining -= 1n;
  }
}

function confirmation(): ReadResp {
  return new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()));
}

/** Stream subscription: confirmation, the events after the start revision, caught_up, then live events. */
async function subscribeToStream(
  log: EventLog,
  call: ReadCall,
  options: Options,
  toResponse: (event: RecordedEvent) => ReadResp,
  signal: AbortSignal,
): Promise<void> {
  const streamOptions = options.getStream()!;
  const stream = streamNameOf(streamOptions.getStreamIdentifier());
  await send(call, confirmation(), signal);
  let next = streamOptions.hasStart()
    ? 0n
    : streamOptions.hasEnd()
      ? log.lastRevision(stream) + 1n
      : BigInt(streamOptions.getRevision()) + 1n;
  let caughtUp = false;
  while (!signal.aborted) {
    const seen = log.all.length;
    const view = log.view(stream);
    if (view.kind === 'deleted') throw rpcErrors.streamDeleted(stream);
    if (view.kind === 'events') {
      if (next < view.firstVisible) next = view.firstVisible;
      for (; next <= view.lastRevision; next += 1n) await send(call, toResponse(view.events[Number(next)]), signal);
    }
    if (!caughtUp) {
      await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()), signal);
      caughtUp = true;
    }
    await log.waitForAppend(seen, signal);
  }
}

/**
 * $all subscription: confirmation, catch-up from the position (exclusive), caught_up, then live
 * events. With a filter, a checkpoint follows every `multiplier x window` records considered.
 */
async function subscribeToAll(
  log: EventLog,
  call: ReadCall,
  options: Options,
  toResponse: (event: RecordedEvent) => ReadResp,
  signal: AbortSignal,
): Promise<void> {
  const allOptions = options.getAll()!;
  const filter = filterOf(options);
  await send(call, confirmation(), signal);
  let index = allOptions.hasStart()
    ? 0
    : allOptions.hasEnd()
      ? log.all.length
      : log.indexAtOrAfter(BigInt(allOptions.getPosition()!.getCommitPosition()) + 1n);
  let considered = 0;
  let caughtUp = false;
  while (!signal.aborted) {
    for (; index < log.all.length; index += 1) {
      const event = log.all[index];
      if (!filter || filter.matches(event)) await send(call, toResponse(event), signal);
      if (filter && ++considered >= filter.checkpointInterval) {
        considered = 0;
        const position = event.position.toString();
        const checkpoint = new ReadResp.Checkpoint().setCommitPosition(position).setPreparePosition(position);
        await send(call, new ReadResp().setCheckpoint(checkpoint), signal);
      }
    }
    if (!caughtUp) {
      await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()), signal);
      caughtUp = true;
    }
    await log.waitForAppend(index, signal);
  }
}
