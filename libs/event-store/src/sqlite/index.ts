export { createSqliteEventStore, SqliteEventStore, SQLITE_LOG_FILE_NAME } from './sqlite-event-store';
export type { SqliteEventStoreOptions } from './sqlite-event-store';
export { openLogDatabase, LOG_SCHEMA_VERSION } from './sqlite-log-schema';
