import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  CHECKPOINT_STREAM,
  type CheckpointState,
  checkpointDecider,
  decideCheckpoint,
  isDomainError,
} from '@cip/domain';
import {
  type EventStore,
  type LogFilter,
  type LogSubscription,
  type StoredRecord,
  StreamNotFoundError,
} from '@cip/event-store';
import { type NoteSigner, signCheckpoint } from '@cip/integrity';
import { readSigningKey } from '@cip/key-store';
import type { LedgerConfig } from '../config/ledger-config';
import { LedgerWriter } from '../ledger/ledger-writer.service';
import type { StreamModel } from '../ledger/stream-model';
import { LOGGER, type Logger, describeErrorForLog } from '../observability/logger';
import { EVENT_STORE, LEDGER_CONFIG } from '../tokens';
import { CheckpointBook, type RecordedCheckpoint } from './checkpoint-book';
import { LedgerTree } from './ledger-tree';

/** The ledger log of integrity format section 2: every record except the checkpoints' own (system records never pass). */
export const LEDGER_LOG_FILTER: LogFilter = { excludeStreamPrefixes: [CHECKPOINT_STREAM] };

const RESUBSCRIBE_FIRST_MS = 250;
const RESUBSCRIBE_MAX_MS = 30_000;

/** meta.actor of the CheckpointSigned records */
export const SEALER_ACTOR = 'ledger-sealer';

const checkpointModel: StreamModel<CheckpointState> = {
  initialState: () => checkpointDecider.initialState(),
  evolve: (state, event) => checkpointDecider.evolve(state, event as Parameters<typeof checkpointDecider.evolve>[1]),
};

/**
 * The sealer: follows the global log from the start, adds each record's hash as a Merkle leaf, and signs a
 * checkpoint (C2SP signed note, Ed25519 key from LEDGER_SIGNING_KEY_FILE) into `ledger-checkpoints` every
 * LEDGER_CHECKPOINT_EVERY_RECORDS leaves or LEDGER_CHECKPOINT_EVERY_SECONDS seconds, whichever comes first and
 * only when the tree grew, and once more at shutdown.
 *
 * The tree lives in memory and is rebuilt from the whole log at every start (O(n) in the log; persisting
 * the tree's tiles is for later). While rebuilding it signs nothing; once caught up it signs the tree if it
 * outgrew the newest checkpoint, and it checks that the rebuilt tree gives every recorded checkpoint's root.
 * The same code runs on either store (it only uses the EventStore port).
 */
@Injectable()
export class CheckpointSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly tree = new LedgerTree();
  readonly checkpoints = new CheckpointBook();
  private signer!: NoteSigner;
  private subscription: LogSubscription | undefined;
  private following: Promise<void> = Promise.resolve();
  private signing: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private caughtUp = false;
  private wakeFromPause: (() => void) | undefined;
  /** revision of the last ledger-checkpoints record read into the book */
  private checkpointRevision = -1;
  private stopped = false;
  private readonly caughtUpWaiters: (() => void)[] = [];

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly writer: LedgerWriter,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** the verifier key of the signing key: `<name>+<key id>+<base64 key>` */
  get verifierKey(): string {
    return this.signer.verifierKey;
  }

  get origin(): string {
    return this.config.origin;
  }

  /** Whether the tree holds every record that was in the log when the sealer started. */
  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async onApplicationBootstrap(): Promise<void> {
    // fail the start, naming the file, rather than run a ledger nobody can seal
    this.signer = readSigningKey(this.config.signingKeyFile);
    await this.refreshCheckpoints();
    this.following = this.followWhileRunning();
    this.timer = setInterval(() => {
      if (this.caughtUp) void this.sign('timer');
    }, this.config.checkpointEverySeconds * 1000);
    this.timer.unref();
  }

  /** Resolves once the tree holds the log as it was at start-up. */
  whenCaughtUp(): Promise<void> {
    return this.caughtUp ? Promise.resolve() : new Promise((resolve) => this.caughtUpWaiters.push(resolve));
  }

  /** Shutdown: stop following, add what the subscription had not delivered yet, and sign a last checkpoint. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.wakeFromPause?.();
    await this.subscription?.close();
    await this.following;
    if (!this.caughtUp) return;
    try {
      const after = this.tree.headPosition;
      for await (const stored of this.store.readAll({ fromPosition: after ?? 'start', filter: LEDGER_LOG_FILTER })) {
        if (after === null || stored.position > after) this.tree.append(stored.position, stored.hash);
      }
      await this.sign('shutdown');
    } catch (error) {
      this.logger.error({ err: describeErrorForLog(error) }, 'sealer: no checkpoint at shutdown');
    }
  }

  /**
   * Follows the log for as long as the service runs. A subscription that fails (the store went away, a
   * network error the adapter could not ride out) is logged and opened again after the tree's last leaf, after
   * a pause that doubles up to RESUBSCRIBE_MAX_MS: the sealer never stops sealing for good while the service
   * still takes appends.
   */
  private async followWhileRunning(): Promise<void> {
    let pauseMs = RESUBSCRIBE_FIRST_MS;
    while (!this.stopped) {
      const leavesBefore = this.tree.size;
      this.subscription = this.store.subscribeToAll({
        fromPosition: this.tree.headPosition ?? 'start',
        filter: LEDGER_LOG_FILTER,
        // a leaf is the record's hash: the bodies are never needed here
        recordBodies: false,
      });
      try {
        await this.follow(this.subscription);
        return; // closed at shutdown
      } catch (error) {
        if (this.stopped) return;
        if (this.tree.size > leavesBefore) pauseMs = RESUBSCRIBE_FIRST_MS;
        this.logger.error(
          { err: describeErrorForLog(error), leaves: this.tree.size, retryInMs: pauseMs },
          'sealer: following the log failed; following it again',
        );
        await this.subscription.close().catch(() => undefined);
        await this.pause(pauseMs);
        pauseMs = Math.min(2 * pauseMs, RESUBSCRIBE_MAX_MS);
      }
    }
  }

  private async follow(subscription: LogSubscription): Promise<void> {
    for await (const message of subscription) {
      if (message.kind === 'record') {
        this.addLeaf(message.record);
        if (this.caughtUp && this.tree.size - this.signedSize() >= this.config.checkpointEveryRecords) {
          await this.sign('records');
        }
      } else if (message.kind === 'caught-up' && !this.caughtUp) {
        this.onCaughtUp();
        await this.sign('caught-up');
      }
    }
  }

  /** Waits `ms`, or less when the service stops meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeFromPause = undefined;
        resolve();
      }, ms);
      this.wakeFromPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private addLeaf(stored: StoredRecord): void {
    this.tree.append(stored.position, stored.hash);
    const recorded = this.checkpoints.at(this.tree.size);
    if (recorded !== undefined && this.tree.root().toString('hex') !== recorded.rootHash) {
      // the log no longer gives a root that was signed: something below the store changed it
      this.logger.error(
        { treeSize: recorded.treeSize, signedRoot: recorded.rootHash, rebuiltRoot: this.tree.root().toString('hex') },
        'sealer: the log does not match a signed checkpoint',
      );
    }
  }

  private onCaughtUp(): void {
    this.caughtUp = true;
    this.logger.info(
      { leaves: this.tree.size, checkpoints: this.checkpoints.count },
      'sealer: tree rebuilt from the log',
    );
    for (const resolve of this.caughtUpWaiters.splice(0)) resolve();
  }

  private signedSize(): number {
    return this.checkpoints.latest?.treeSize ?? 0;
  }

  /** Signs the tree as it is now when it outgrew the newest checkpoint; one signing at a time. */
  private sign(reason: string): Promise<unknown> {
    this.signing = this.signing.then(() => this.signNow(reason));
    return this.signing;
  }

  private async signNow(reason: string): Promise<RecordedCheckpoint | undefined> {
    const treeSize = this.tree.size;
    if (treeSize === 0 || treeSize <= this.signedSize()) return undefined;
    const root = this.tree.root(treeSize);
    const note = signCheckpoint({ origin: this.config.origin, treeSize: BigInt(treeSize), rootHash: root }, [
      this.signer,
    ]);
    const rootHash = root.toString('hex');
    try {
      await this.writer.execute({
        stream: CHECKPOINT_STREAM,
        model: checkpointModel,
        subjectId: 'ledger',
        meta: { actor: SEALER_ACTOR, correlationId: randomUUID() },
        decide: (state, now) =>
          decideCheckpoint({ type: 'RecordCheckpoint', data: { treeSize, rootHash, note } }, state, {
            now,
            policy: this.config.policy,
          }),
      });
      this.logger.debug({ treeSize, reason }, 'sealer: checkpoint signed');
    } catch (error) {
      // another instance's sealer may have recorded a larger checkpoint meanwhile: the domain refuses ours
      if (!isDomainError(error)) {
        this.logger.error({ err: describeErrorForLog(error), treeSize }, 'sealer: could not record a checkpoint');
        return undefined;
      }
      this.logger.warn({ rule: error.code, treeSize }, 'sealer: checkpoint refused');
    }
    await this.refreshCheckpoints();
    return this.checkpoints.at(treeSize);
  }

  /** Reads the CheckpointSigned records not yet in the book (this instance's and any other's). */
  private async refreshCheckpoints(): Promise<void> {
    try {
      for await (const stored of this.store.readStream(CHECKPOINT_STREAM, {
        fromRevision: this.checkpointRevision + 1,
      })) {
        this.checkpoints.add(stored);
        this.checkpointRevision = stored.record.revision;
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
  }
}
