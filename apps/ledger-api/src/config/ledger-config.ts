import path from 'node:path';

/** Which store holds the log and which holds the read models. */
export type EventStoreKind = 'sqlite' | 'esdb';
export type ReadStoreKind = 'sqlite' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * Every setting of the service, read once from the environment at start-up. The rule's own figures
 * (retention, reseller deadline, special-measure timing) are settings because the CIP rule is not final.
 */
export interface LedgerConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore: EventStoreKind;
  eventStoreConnectionString?: string;
  readStore: ReadStoreKind;
  databaseUrl?: string;
  origin: string;
  masterKeyFile: string;
  signingKeyFile: string;
  apiKeysFile: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  checkpointEveryRecords: number;
  checkpointEverySeconds: number;
  policy: {
    retentionYears: number;
    resellerTerminationDays: number;
    specialMeasureMinNoticeDays: number;
    specialMeasureDurationDays: number;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(env: Env = process.env): LedgerConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const dataDir = path.resolve(read.string('LEDGER_DATA_DIR', './data'));
  const eventStore = read.oneOf('LEDGER_EVENT_STORE', ['sqlite', 'esdb'] as const, 'sqlite');
  const readStore = read.oneOf('LEDGER_READ_STORE', ['sqlite', 'postgres'] as const, 'sqlite');
  const config: LedgerConfig = {
    port: read.integer('PORT', 3000, 0, 65535),
    host: read.string('HOST', '127.0.0.1'),
    dataDir,
    eventStore,
    eventStoreConnectionString: read.optional('EVENTSTORE_CONNECTION_STRING'),
    readStore,
    databaseUrl: read.optional('DATABASE_URL'),
    origin: read.matching('LEDGER_ORIGIN', /^[^\s]+$/, 'localhost/cip-ledger', 'a log origin without spaces'),
    masterKeyFile: path.resolve(read.string('LEDGER_MASTER_KEY_FILE', path.join(dataDir, 'keys', 'master.key'))),
    signingKeyFile: path.resolve(read.string('LEDGER_SIGNING_KEY_FILE', path.join(dataDir, 'keys', 'signing.key'))),
    apiKeysFile: path.resolve(read.string('LEDGER_API_KEYS_FILE', path.join(dataDir, 'api-keys.json'))),
    logLevel: read.oneOf(
      'LEDGER_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    bodyLimitBytes: read.integer('LEDGER_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    checkpointEveryRecords: read.integer('LEDGER_CHECKPOINT_EVERY_RECORDS', 1000, 1, 10_000_000),
    checkpointEverySeconds: read.integer('LEDGER_CHECKPOINT_EVERY_SECONDS', 10, 1, 86_400),
    policy: {
      retentionYears: read.integer('LEDGER_RETENTION_YEARS', 2, 1, 100),
      resellerTerminationDays: read.integer('LEDGER_RESELLER_TERMINATION_DAYS', 30, 1, 3650),
      specialMeasureMinNoticeDays: read.integer('LEDGER_SPECIAL_MEASURE_MIN_NOTICE_DAYS', 180, 0, 3650),
      specialMeasureDurationDays: read.integer('LEDGER_SPECIAL_MEASURE_DURATION_DAYS', 365, 1, 36500),
    },
  };
  if (eventStore === 'esdb' && !config.eventStoreConnectionString) {
    problems.push(
      'EVENTSTORE_CONNECTION_STRING is required when LEDGER_EVENT_STORE=esdb (e.g. esdb://localhost:2113?tls=false)',
    );
  }
  if (readStore === 'postgres' && !config.databaseUrl) {
    problems.push('DATABASE_URL is required when LEDGER_READ_STORE=postgres (e.g. postgres://localhost:5432/cip)');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return Number(raw);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return raw as T;
  }

  matching(name: string, pattern: RegExp, fallback: string, what: string): string {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (!pattern.test(raw)) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be ${what}`);
      return fallback;
    }
    return raw;
  }
}
