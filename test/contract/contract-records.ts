import { randomUUID } from 'node:crypto';
import { hashRecord, type HashedRecord, type LedgerRecord } from '@cip/integrity';
import type { EventStore, StoredRecord, SubscriptionMessage, LogSubscription } from '@cip/event-store';

/**
 * Record builders and helpers for the event-store contract suite. Streams get a random suffix because the
 * suite also runs against a real, shared EventStoreDB whose global log holds other data.
 */
export function uniqueStream(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export interface RecordOptions {
  type?: string;
  /** pad `data.blob` to roughly this many bytes */
  dataBytes?: number;
  /** fixed event ids, one per record */
  ids?: string[];
}

/**
 * `count` chained records of `stream` starting at `fromRevision`, the first linking to `prev`. The data holds
 * values that a careless round trip would change (non-ASCII, line separators, floats, nested arrays).
 */
export function buildRecords(
  stream: string,
  fromRevision: number,
  count: number,
  prev: string | null,
  options: RecordOptions = {},
): HashedRecord[] {
  const out: HashedRecord[] = [];
  let previous = prev;
  for (let i = 0; i < count; i++) {
    const revision = fromRevision + i;
    const record: LedgerRecord = {
      v: 1,
      stream,
      revision,
      id: options.ids?.[i] ?? randomUUID(),
      type: options.type ?? 'ContractChecked',
      schema: 1,
      recordedAt: new Date().toISOString(),
      data: {
        n: revision,
        text: 'Zoë – 日本語 \u2028 😀 "quoted" \\ back',
        ratio: 0.1 + 0.2,
        big: 1e21,
        nested: { list: [1, 'two', null, true, { deep: [] }], empty: {} },
        ...(options.dataBytes ? { blob: 'x'.repeat(options.dataBytes) } : {}),
      },
      meta: { actor: 'contract-suite', correlationId: randomUUID() },
      prev: previous,
    };
    const hash = hashRecord(record);
    out.push({ record, hash });
    previous = hash;
  }
  return out;
}

/** Records that continue what the store holds for `stream` (from its last record). */
export function continueStream(last: StoredRecord | null, stream: string, count: number, options?: RecordOptions) {
  return buildRecords(stream, last ? last.record.revision + 1 : 0, count, last?.hash ?? null, options);
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** The error an async iteration or promise rejects with (fails the test when it does not reject). */
export async function rejection(action: () => Promise<unknown> | AsyncIterable<unknown>): Promise<unknown> {
  try {
    const result = action();
    if (result instanceof Promise) await result;
    else await collect(result);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it succeeded');
}

/** Reads the stream, or [] when it does not exist (for "nothing was written" checks). */
export async function readStreamOrEmpty(store: EventStore, stream: string): Promise<StoredRecord[]> {
  try {
    return await collect(store.readStream(stream));
  } catch (error) {
    if ((error as { code?: string }).code === 'stream-not-found') return [];
    throw error;
  }
}

/** Consumes a subscription in the background and lets a test wait for what it needs. */
export class SubscriptionProbe {
  readonly messages: SubscriptionMessage[] = [];
  readonly finished: Promise<void>;
  private wake: (() => void) | undefined;
  error: unknown;

  constructor(readonly subscription: LogSubscription) {
    this.finished = (async () => {
      try {
        for await (const message of subscription) {
          this.messages.push(message);
          this.wake?.();
        }
      } catch (error) {
        this.error = error;
      }
      this.wake?.();
    })();
  }

  records(): StoredRecord[] {
    return this.messages.flatMap((message) => (message.kind === 'record' ? [message.record] : []));
  }

  caughtUpIndex(): number {
    return this.messages.findIndex((message) => message.kind === 'caught-up');
  }

  /** Waits (generously: this is no timing test) until `done` holds; returns whether it does. */
  async waitFor(done: (probe: this) => boolean, timeoutMs = 15_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this) && Date.now() < deadline && this.error === undefined) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return done(this);
  }

  async close(): Promise<void> {
    await this.subscription.close();
    await this.finished;
  }
}
