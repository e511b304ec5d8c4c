// @cip/domain: the CIP ledger's pure domain (no Nest, no I/O). See docs/domain.md.
export * from './shared/domain-event';
export * from './shared/errors';
export * from './shared/ids';
export * from './shared/policy';
export * from './shared/stream-names';
export * from './shared/time';
export { MAX_CLOCK_SKEW_MS, EARLIEST_INSTANT, EARLIEST_BIRTH_DATE } from './shared/validate';
export * from './catalogue';

export * from './account/account.events';
export * from './account/account.commands';
export * from './account/account.state';
export * from './account/account.decider';
export * from './account/retention';
export { BENEFICIAL_OWNERSHIP_THRESHOLD_PCT } from './account/account.validation';

export * from './access/access.events';
export * from './access/access.commands';
export * from './access/access.state';
export * from './access/access.decider';

export * from './reseller/reseller.events';
export * from './reseller/reseller.commands';
export * from './reseller/reseller.state';
export * from './reseller/reseller.decider';

export * from './special-measure/special-measure.events';
export * from './special-measure/special-measure.commands';
export * from './special-measure/special-measure.state';
export * from './special-measure/special-measure.decider';
export * from './special-measure/special-measure.matching';

export * from './investigator/investigator.events';
export * from './investigator/investigator.commands';
export * from './investigator/investigator.state';
export * from './investigator/investigator.decider';

export * from './checkpoint/checkpoint.events';
export * from './checkpoint/checkpoint.commands';
export * from './checkpoint/checkpoint.state';
export * from './checkpoint/checkpoint.decider';

export * from './pii/normalise';
export * from './pii/pii-pointers';
export * from './pii/blind-index';
