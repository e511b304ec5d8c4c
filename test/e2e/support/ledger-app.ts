import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { type EventStore, type StoredRecord, createSqliteEventStore } from '@cip/event-store';
import { generateKeyFiles } from '@cip/key-store';
import { createApp } from '../../../apps/ledger-api/src/bootstrap';
import { generateApiKey, hashApiKey } from '../../../apps/ledger-api/src/auth/api-key';
import { API_ROLES, type ApiRole, loadConfig } from '../../../apps/ledger-api/src/config/ledger-config';
import { EVENT_STORE } from '../../../apps/ledger-api/src/tokens';
import type { Clock } from '../../../apps/ledger-api/src/tokens';
import { startEsdbStandin } from '../../support/esdb-standin/esdb-standin';

export type StoreKind = 'sqlite' | 'esdb';

/** The stores every e2e suite runs on: the embedded SQLite store and EventStoreDB (through the stand-in). */
export function storeKinds(): StoreKind[] {
  return ['sqlite', 'esdb'];
}

export interface TestLedger {
  app: NestFastifyApplication;
  /** supertest agent on the running app */
  http: () => ReturnType<typeof request>;
  /** one clear API key per role, plus `none` (a well-formed key nobody configured) */
  keys: Record<ApiRole | 'none', string>;
  dataDir: string;
  /**
   * every record of the ledger log, in global order; the sealer's `ledger-checkpoints` records are left out
   * because it appends them on its own schedule, not in answer to a request
   */
  readLog(): Promise<StoredRecord[]>;
  close(): Promise<void>;
}

export interface TestLedgerOptions {
  store?: StoreKind;
  clock?: Clock;
  env?: Record<string, string>;
  /** embedded store only: wraps the real store the app is given (fault injection) */
  wrapEventStore?: (store: EventStore) => EventStore;
  /** keys configured beside the one per role, by key id */
  extraApiKeys?: Record<string, { role: ApiRole; key: string }>;
}

/** Boots the real app (createApp) on a fresh temporary data directory with one API key per role. */
export async function startTestLedger(options: TestLedgerOptions = {}): Promise<TestLedger> {
  const store = options.store ?? 'sqlite';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `cip-e2e-${store}-`));
  const keys = Object.fromEntries([...API_ROLES, 'none'].map((role) => [role, generateApiKey()])) as TestLedger['keys'];
  const env: Record<string, string> = {
    LEDGER_DATA_DIR: dataDir,
    LEDGER_LOG_LEVEL: 'silent',
    LEDGER_API_KEYS: [
      ...API_ROLES.map((role) => `e2e-${role}:${role}:${hashApiKey(keys[role])}`),
      ...Object.entries(options.extraApiKeys ?? {}).map(([id, { role, key }]) => `${id}:${role}:${hashApiKey(key)}`),
    ].join(','),
    ...options.env,
  };
  let stopStandin: (() => Promise<void>) | undefined;
  if (store === 'esdb') {
    const standin = await startEsdbStandin();
    stopStandin = () => standin.stop();
    env.LEDGER_EVENT_STORE = 'esdb';
    env.EVENTSTORE_CONNECTION_STRING = standin.connectionString;
    generateKeyFiles({ dir: path.join(dataDir, 'keys'), name: 'e2e.test/cip' });
  }
  const config = loadConfig(env);
  const wrapped =
    options.wrapEventStore && store === 'sqlite'
      ? options.wrapEventStore(createSqliteEventStore({ file: config.eventStoreFile }))
      : undefined;
  const app = await createApp(config, { clock: options.clock, ...(wrapped ? { eventStore: wrapped } : {}) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const eventStore = app.get<EventStore>(EVENT_STORE);
  return {
    app,
    http: () => request(app.getHttpServer()),
    keys,
    dataDir,
    async readLog() {
      const records: StoredRecord[] = [];
      for await (const stored of eventStore.readAll({ filter: { excludeStreamPrefixes: ['ledger-checkpoints'] } })) {
        records.push(stored);
      }
      return records;
    },
    async close() {
      await app.close();
      await stopStandin?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** What "the log is unchanged" compares: how many records, and the hash of the newest. */
export async function logFingerprint(ledger: TestLedger): Promise<{ count: number; lastHash: string | null }> {
  const records = await ledger.readLog();
  return { count: records.length, lastHash: records.at(-1)?.hash ?? null };
}
