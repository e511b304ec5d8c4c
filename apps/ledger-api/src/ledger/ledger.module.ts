import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@cip/event-store';
import { ApiKeyRegistry } from '../auth/api-key';
import { ApiKeyGuard } from '../auth/api-key.guard';
import type { LedgerConfig } from '../config/ledger-config';
import { IdempotencyStore } from '../idempotency/idempotency.store';
import { LOGGER, type Logger } from '../observability/logger';
import { MetricsService } from '../observability/metrics.service';
import { CLOCK, type Clock, EVENT_STORE, KEY_STORE, LEDGER_CONFIG } from '../tokens';
import { LedgerWriter } from './ledger-writer.service';
import { PII_SEALER, type PiiSealer } from './pii-sealer';
import { SpecialMeasureRegistry } from './special-measure-registry';

/** Everything createApp opens before Nest starts: stores, keys, logger, metrics, clock. */
export interface LedgerResources {
  config: LedgerConfig;
  logger: Logger;
  metrics: MetricsService;
  clock: Clock;
  eventStore: EventStore;
  keyStore: unknown;
  sealer: PiiSealer;
  idempotency: IdempotencyStore;
  apiKeys: ApiKeyRegistry;
  /** closes what was opened, in reverse order; called once at application shutdown */
  close(): Promise<void>;
}

const RESOURCES = Symbol('LEDGER_RESOURCES');

/** Closes the stores when the application shuts down (app.close(), SIGTERM). */
class ResourceCloser implements OnApplicationShutdown {
  constructor(@Inject(RESOURCES) private readonly resources: LedgerResources) {}
  async onApplicationShutdown(): Promise<void> {
    await this.resources.close();
  }
}

/**
 * The ledger's infrastructure as one global module: configuration, ports (event store, key store, PII
 * sealer), the shared writer and the cross-cutting services (auth, idempotency, metrics, logs).
 */
@Global()
@Module({})
export class LedgerModule {
  static forRoot(resources: LedgerResources): DynamicModule {
    const providers = [
      { provide: RESOURCES, useValue: resources },
      { provide: LEDGER_CONFIG, useValue: resources.config },
      { provide: LOGGER, useValue: resources.logger },
      { provide: MetricsService, useValue: resources.metrics },
      { provide: CLOCK, useValue: resources.clock },
      { provide: EVENT_STORE, useValue: resources.eventStore },
      { provide: KEY_STORE, useValue: resources.keyStore },
      { provide: PII_SEALER, useValue: resources.sealer },
      { provide: IdempotencyStore, useValue: resources.idempotency },
      { provide: ApiKeyRegistry, useValue: resources.apiKeys },
      ApiKeyGuard,
      LedgerWriter,
      SpecialMeasureRegistry,
      ResourceCloser,
    ];
    return {
      module: LedgerModule,
      providers,
      exports: providers.map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
