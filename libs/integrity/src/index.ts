export * from './record/ledger-record';
