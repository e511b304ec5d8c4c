import {
  BACKWARDS,
  END,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import type {
  GlobalPosition,
  LogFilter,
  LogSubscription,
  SubscribeOptions,
  SubscriptionMessage,
} from '../event-store.port';
import { matchesLogFilter } from '../log-filter';
import { isConnectionLoss } from './esdb-errors';
import { toStoredRecord } from './record-event-mapping';
import { abortableDelay, backoffDelay, type ReconnectPolicy } from './reconnect-policy';

const DEFAULT_CHECKPOINT_INTERVAL = 32;

/**
 * Markers pushed into the client's subscription stream from its own `caughtUp` event and checkpoint
 * callback. Both fire inside the stream's transform step, before it hands on the next message, so a
 * marker lands in the stream's buffer exactly between the events around it: record, caught-up and
 * checkpoint keep the server's order.
 */
const CAUGHT_UP = Symbol('caught-up');
interface CheckpointMarker {
  checkpoint: bigint;
}
type StreamItem = AllStreamResolvedEvent | typeof CAUGHT_UP | CheckpointMarker;

/** Escapes a literal for a regular expression that .NET (the server) and JavaScript read alike. */
function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\#\s-]/g, (character) => `\\${character}`);
}

/**
 * The server-side stream-name filter: never a system stream, only the wanted prefixes, none of the
 * excluded ones. Event types (a second, independent server filter kind) are checked on the client.
 */
export function streamNameRegex(filter: LogFilter | undefined): string {
  const excluded = filter?.excludeStreamPrefixes ?? [];
  const wanted = filter?.streamPrefixes ?? [];
  return (
    '^(?!\\$)' +
    (excluded.length > 0 ? `(?!(?:${excluded.map(literal).join('|')}))` : '') +
    (wanted.length > 0 ? `(?:${wanted.map(literal).join('|')})` : '')
  );
}

/**
 * A subscription to the global log that survives dropped connections: on connection loss it subscribes
 * again, after bounded backoff, from the last position it saw (exclusive), and drops anything at or before
 * that position, so consumers get every record exactly once and in order.
 */
export class EsdbLogSubscription implements LogSubscription {
  private closed = false;
  private iterated = false;
  private readonly stopping = new AbortController();
  private current: AllStreamSubscription | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly policy: ReconnectPolicy,
    private readonly onClosed: (subscription: EsdbLogSubscription) => void,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    if (this.iterated) throw new Error('a LogSubscription can be iterated once');
    this.iterated = true;
    return this.messages();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopping.abort();
    await this.stopCurrent();
    this.onClosed(this);
  }

  private async stopCurrent(): Promise<void> {
    const current = this.current;
    this.current = undefined;
    if (!current) return;
    await current.unsubscribe().catch(() => undefined);
    current.destroy();
  }

  private async *messages(): AsyncGenerator<SubscriptionMessage> {
    const filter = this.options.filter;
    let lastSeen: GlobalPosition | undefined;
    let caughtUpSent = false;
    let failingSince: number | undefined;
    let attempt = 0;
    try {
      const from = await this.startingPoint();
      if (typeof from === 'bigint') lastSeen = from;
      while (!this.closed) {
        const subscription = this.subscribe(lastSeen);
        try {
          for await (const item of subscription as AsyncIterable<StreamItem>) {
            failingSince = undefined;
            attempt = 0;
            if (item === CAUGHT_UP) {
              if (!caughtUpSent) {
                caughtUpSent = true;
                yield { kind: 'caught-up' };
              }
            } else if ('checkpoint' in item) {
              // every matching record up to what was already seen has been delivered, too
              const position = lastSeen !== undefined && lastSeen > item.checkpoint ? lastSeen : item.checkpoint;
              yield { kind: 'checkpoint', position };
            } else {
              const event = item.event;
              if (!event?.position) continue;
              const position = event.position.commit;
              if (lastSeen !== undefined && position <= lastSeen) continue;
              lastSeen = position;
              if (!matchesLogFilter(event.streamId, event.type, filter)) continue;
              yield { kind: 'record', record: toStoredRecord(item) };
            }
          }
        } catch (error) {
          if (this.closed) return;
          if (!isConnectionLoss(error)) throw error;
          failingSince ??= Date.now();
          if (Date.now() - failingSince > this.policy.giveUpAfterMs) throw error;
        } finally {
          if (this.current === subscription) await this.stopCurrent();
        }
        if (this.closed) return;
        // a subscription never ends by itself: the server went away; subscribe again after a pause
        await abortableDelay(backoffDelay(this.policy, attempt++), this.stopping.signal);
      }
    } finally {
      await this.close();
    }
  }

  /**
   * `end` is pinned to the log's current last position before the first subscription, so a resubscription
   * after a dropped connection still delivers what was appended meanwhile.
   */
  private async startingPoint(): Promise<GlobalPosition | 'start'> {
    const from = this.options.fromPosition ?? 'start';
    if (from !== 'end') return from;
    for (let attempt = 0; ; attempt++) {
      try {
        // read to the end (never leave a client read stream half-consumed: it would never finish)
        const last: AllStreamResolvedEvent[] = [];
        for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
          last.push(resolved);
        }
        return last[0]?.event?.position?.commit ?? 'start';
      } catch (error) {
        if (this.closed || !isConnectionLoss(error) || attempt >= this.policy.appendAttempts) throw error;
        await abortableDelay(backoffDelay(this.policy, attempt), this.stopping.signal);
      }
    }
  }

  private subscribe(after: GlobalPosition | undefined): AllStreamSubscription {
    const interval = Math.max(1, Math.round(this.options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL));
    const subscription = this.client.subscribeToAll({
      fromPosition: after === undefined ? 'start' : { commit: after, prepare: after },
      filter: streamNameFilter({
        regex: streamNameRegex(this.options.filter),
        // the server checkpoints every multiplier x window records it considers: window = interval, multiplier 1
        maxSearchWindow: interval,
        checkpointInterval: 1,
        checkpointReached: (stream, position) => {
          stream.push({ checkpoint: position.commit } satisfies CheckpointMarker);
        },
      }),
    });
    subscription.on('caughtUp', () => subscription.push(CAUGHT_UP));
    this.current = subscription;
    return subscription;
  }
}
