import { createEsdbEventStore } from '@cip/event-store';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The EventStoreDB adapter on a real server, when EVENTSTORE_TEST_CONNECTION_STRING names one, e.g.
 *   docker run -d -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All
 *   EVENTSTORE_TEST_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest test/contract/esdb-real
 */
const connectionString = process.env.EVENTSTORE_TEST_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('EventStoreDB adapter on a real server', () => {
    const store = createEsdbEventStore(connectionString);
    return Promise.resolve({ store, teardown: () => store.close() });
  });
} else {
  describe('EventStore contract: EventStoreDB adapter on a real server', () => {
    it('was not run: EVENTSTORE_TEST_CONNECTION_STRING is not set (see docs/esdb.md)', () => {
      expect(process.env.EVENTSTORE_TEST_CONNECTION_STRING).toBeUndefined();
    });
  });
}
