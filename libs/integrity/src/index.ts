export * from './record/ledger-record';
export * from './record/record-hash';
