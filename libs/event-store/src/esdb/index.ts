export { createEsdbEventStore, EsdbEventStore } from './esdb-event-store';
export type { EsdbEventStoreOptions } from './esdb-event-store';
export { NotALedgerRecordError } from './record-event-mapping';
export type { ReconnectPolicy } from './reconnect-policy';
