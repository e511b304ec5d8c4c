import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteEventStore } from '@cip/event-store';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('embedded SQLite', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cip-sqlite-contract-'));
  const store = createSqliteEventStore({ dataDir });
  return Promise.resolve({
    store,
    teardown: async () => {
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
});
