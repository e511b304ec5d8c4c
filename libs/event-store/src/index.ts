export * from './event-store.port';
export * from './event-store.errors';
export * from './append-rules';
export * from './log-filter';
export * from './sqlite';
export * from './esdb';
