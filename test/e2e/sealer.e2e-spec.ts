import type { EventStore, LogSubscription, SubscribeOptions } from '@cip/event-store';
import { MerkleTreeBuilder } from '@cip/integrity';
import { CheckpointSealer } from '../../apps/ledger-api/src/sealer/checkpoint-sealer.service';
import { openAccountBody } from './support/fixtures';
import { type TestLedger, startTestLedger } from './support/ledger-app';

// The sealer keeps sealing when its subscription to the log breaks: it follows the log again from its last
// leaf, and the tree ends up holding every record exactly once.

/** The real store, except that its first subscription breaks after delivering `afterRecords` records. */
function breakingFirstSubscription(store: EventStore, afterRecords: number): EventStore {
  let broken = false;
  const subscribeToAll = (options?: SubscribeOptions): LogSubscription => {
    const inner = store.subscribeToAll(options);
    if (broken) return inner;
    broken = true;
    let delivered = 0;
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const message of inner) {
          yield message;
          if (message.kind === 'record' && ++delivered === afterRecords) {
            throw new Error('injected: the subscription broke');
          }
        }
      },
    };
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === 'subscribeToAll') return subscribeToAll;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('the sealer (e2e, embedded store)', () => {
  let ledger: TestLedger;
  afterEach(async () => ledger?.close());

  it('follows the log again after its subscription breaks, and seals every record once', async () => {
    ledger = await startTestLedger({ wrapEventStore: (store) => breakingFirstSubscription(store, 2) });
    for (const id of ['acct_s1', 'acct_s2', 'acct_s3', 'acct_s4', 'acct_s5']) {
      const response = await ledger
        .http()
        .post('/v1/accounts')
        .set({ authorization: `Bearer ${ledger.keys.provider}`, 'content-type': 'application/json' })
        .send(JSON.stringify(openAccountBody(id)));
      expect(response.status).toBe(201);
    }
    const log = await ledger.readLog();
    expect(log).toHaveLength(5);
    const sealer = ledger.app.get(CheckpointSealer);
    // the sealer pauses before following again: wait for it (generously; this is no timing test)
    for (let waited = 0; sealer.tree.size < log.length && waited < 200; waited++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(sealer.tree.size).toBe(log.length);
    const expected = new MerkleTreeBuilder();
    for (const stored of log) expected.append(Buffer.from(stored.hash, 'hex'));
    expect(sealer.tree.root().toString('hex')).toBe(expected.root().toString('hex'));
  });
});
