import path from 'node:path';

/** Which store holds the log and which holds the read models. */
export type EventStoreKind = 'sqlite' | 'esdb';
export type ReadStoreKind = 'sqlite' | 'postgres';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const API_ROLES = ['provider', 'investigator', 'auditor', 'admin'] as const;
export type ApiRole = (typeof API_ROLES)[number];

/** One API key as configured: never the key itself, only the SHA-256 of its text. */
export interface ApiKeyEntry {
  id: string;
  role: ApiRole;
  /** 64 lower-case hex digits: SHA-256 of the UTF-8 key text */
  sha256: string;
}

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
  /** keys from LEDGER_API_KEYS (`id:role:sha256,...`); used together with the keys file */
  apiKeys: ApiKeyEntry[];
  /** embedded event log (SQLite) */
  eventStoreFile: string;
  /** embedded key store (SQLite): wrapped per-account data keys */
  keyStoreFile: string;
  /** Idempotency-Key records (SQLite), in both deployments */
  idempotencyFile: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  /** most access records one bulk request may carry */
  bulkMaxRecords: number;
  /** attempts after the first when an append meets a concurrent writer (never when If-Match is given) */
  appendRetries: number;
  /** streams whose folded state the writer keeps in memory (least recently used dropped first) */
  stateCacheStreams: number;
  /** serve /metrics without an API key (otherwise the admin role is required) */
  metricsPublic: boolean;
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
    apiKeys: read.apiKeys('LEDGER_API_KEYS'),
    eventStoreFile: path.resolve(read.string('LEDGER_EVENT_STORE_FILE', path.join(dataDir, 'event-log.sqlite'))),
    keyStoreFile: path.resolve(read.string('LEDGER_KEY_STORE_FILE', path.join(dataDir, 'keys', 'keys.sqlite'))),
    idempotencyFile: path.resolve(read.string('LEDGER_IDEMPOTENCY_FILE', path.join(dataDir, 'idempotency.sqlite'))),
    logLevel: read.oneOf(
      'LEDGER_LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    bodyLimitBytes: read.integer('LEDGER_BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    bulkMaxRecords: read.integer('LEDGER_BULK_MAX_RECORDS', 10_000, 1, 100_000),
    appendRetries: read.integer('LEDGER_APPEND_RETRIES', 5, 0, 100),
    stateCacheStreams: read.integer('LEDGER_STATE_CACHE_STREAMS', 10_000, 0, 10_000_000),
    metricsPublic: read.boolean('LEDGER_METRICS_PUBLIC', false),
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

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (raw !== 'true' && raw !== 'false') {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
      return fallback;
    }
    return raw === 'true';
  }

  /** `id:role:sha256` entries separated by commas; the message never repeats a hash. */
  apiKeys(name: string): ApiKeyEntry[] {
    const raw = this.optional(name);
    if (raw === undefined) return [];
    const entries: ApiKeyEntry[] = [];
    raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '')
      .forEach((item, index) => {
        const [id, role, sha256, ...rest] = item.split(':');
        const problem =
          rest.length > 0 || sha256 === undefined
            ? 'must be id:role:sha256'
            : !/^[A-Za-z0-9._-]{1,64}$/.test(id)
              ? 'has an id that is not 1-64 letters, digits, dot, dash or underscore'
              : !(API_ROLES as readonly string[]).includes(role)
                ? `has role ${JSON.stringify(role)}, not one of ${API_ROLES.join(', ')}`
                : !/^[0-9a-f]{64}$/.test(sha256.toLowerCase())
                  ? 'has a hash that is not 64 hex digits (SHA-256 of the key)'
                  : undefined;
        if (problem) this.problems.push(`${name} entry ${index + 1} ${problem}`);
        else entries.push({ id, role: role as ApiRole, sha256: sha256.toLowerCase() });
      });
    return entries;
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
