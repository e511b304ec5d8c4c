import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The service's Prometheus metrics, in a registry of its own (not prom-client's global one) so that two
 * apps in one process (tests, benchmarks) never share counters.
 */
export class MetricsService {
  readonly registry = new Registry();

  /** appends that reached the store, by stream kind (account, access, reseller, special-measure) */
  readonly appends = new Counter({
    name: 'ledger_appends_total',
    help: 'Appends written to the event store',
    labelNames: ['stream_kind'] as const,
    registers: [this.registry],
  });

  readonly recordsAppended = new Counter({
    name: 'ledger_records_appended_total',
    help: 'Records written to the event store',
    labelNames: ['stream_kind'] as const,
    registers: [this.registry],
  });

  /** a concurrent writer moved the stream first; the command was retried or refused */
  readonly conflicts = new Counter({
    name: 'ledger_append_conflicts_total',
    help: 'Appends refused because the stream was not at the expected revision',
    labelNames: ['stream_kind'] as const,
    registers: [this.registry],
  });

  readonly refusals = new Counter({
    name: 'ledger_commands_refused_total',
    help: 'Commands refused by a rule of the domain, by rule code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly idempotentReplays = new Counter({
    name: 'ledger_idempotent_replays_total',
    help: 'Requests answered from the Idempotency-Key store without appending',
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_append_duration_seconds',
    help: 'Time from loading state to the store acknowledging the append, retries included',
    labelNames: ['stream_kind'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }
}
