import { createEsdbEventStore } from '@cip/event-store';
import { startEsdbStandin, type EsdbStandin } from '../support/esdb-standin/esdb-standin';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The EventStoreDB adapter on the in-memory stand-in, once per append path of the client: BatchAppend
 * (what production servers advertise) and the client-streaming Append it falls back to.
 */
for (const appendPath of ['BatchAppend', 'Append'] as const) {
  describe(`${appendPath} path`, () => {
    let standin: EsdbStandin;
    beforeAll(async () => {
      standin = await startEsdbStandin({ hideBatchAppend: appendPath === 'Append' });
    });
    afterAll(async () => {
      await standin.stop();
    });

    describeEventStoreContract(`EventStoreDB adapter on the stand-in (${appendPath})`, () => {
      const store = createEsdbEventStore(standin.connectionString);
      return Promise.resolve({ store, teardown: () => store.close() });
    });
  });
}
