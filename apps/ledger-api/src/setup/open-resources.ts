import fs from 'node:fs';
import type { EventStore } from '@cip/event-store';
import * as eventStores from '@cip/event-store';
import { SqliteKeyStore, readMasterKeyFile } from '@cip/key-store';
import { ApiKeyRegistry } from '../auth/api-key';
import { readApiKeysFile } from '../auth/api-keys-file';
import type { ApiKeyEntry, LedgerConfig } from '../config/ledger-config';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import type { LedgerResources } from '../ledger/ledger.module';
import { createPiiSealer } from '../ledger/pii-sealer.adapter';
import { type Logger } from '../observability/logger';
import { MetricsService } from '../observability/metrics.service';
import { type Clock, systemClock } from '../tokens';
import path from 'node:path';

export interface ResourceOverrides {
  clock?: Clock;
  /** an already open event store (tests, benchmarks); it is closed with the app */
  eventStore?: EventStore;
}

/** Opens the stores and reads the keys named by the configuration; fails with a message naming the file. */
export async function openResources(
  config: LedgerConfig,
  logger: Logger,
  overrides: ResourceOverrides = {},
): Promise<LedgerResources> {
  const opened: { close(): unknown }[] = [];
  try {
    const apiKeys = new ApiKeyRegistry(configuredApiKeys(config));
    if (apiKeys.size === 0) {
      logger.warn(
        'no API keys are configured: every /v1 request will be refused (set LEDGER_API_KEYS or LEDGER_API_KEYS_FILE)',
      );
    }
    const eventStore = overrides.eventStore ?? (await openEventStore(config));
    opened.push(eventStore);
    fs.mkdirSync(path.dirname(config.keyStoreFile), { recursive: true });
    const keyStore = new SqliteKeyStore(config.keyStoreFile, readMasterKeyFile(config.masterKeyFile));
    opened.push(keyStore);
    const idempotency = new IdempotencyStore(config.idempotencyFile);
    opened.push(idempotency);
    return {
      config,
      logger,
      metrics: new MetricsService(),
      clock: overrides.clock ?? systemClock,
      eventStore,
      keyStore,
      sealer: createPiiSealer(keyStore),
      idempotency,
      apiKeys,
      close: async () => {
        for (const resource of opened.reverse()) await resource.close();
      },
    };
  } catch (error) {
    for (const resource of opened.reverse()) await resource.close();
    throw error;
  }
}

/** LEDGER_API_KEYS entries, then the keys file's (when it exists). */
function configuredApiKeys(config: LedgerConfig): ApiKeyEntry[] {
  const fromFile = fs.existsSync(config.apiKeysFile) ? readApiKeysFile(config.apiKeysFile) : [];
  return [...config.apiKeys, ...fromFile];
}

async function openEventStore(config: LedgerConfig): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      return eventStores.createSqliteEventStore({ file: config.eventStoreFile });
    case 'esdb': {
      // the EventStoreDB adapter is added to @cip/event-store by its own engineer; looked up at run time
      // so this app builds before it lands
      const create = (eventStores as Record<string, unknown>).createEsdbEventStore as
        ((options: { connectionString: string }) => EventStore | Promise<EventStore>) | undefined;
      if (!create) throw new Error('LEDGER_EVENT_STORE=esdb: this build has no EventStoreDB adapter');
      return create({ connectionString: config.eventStoreConnectionString! });
    }
  }
}
